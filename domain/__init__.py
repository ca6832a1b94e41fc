"""Quorum's legal and access rules, in plain Python with no Django import.

Each rule names the article of the CGCT it implements; the tests beside
it use the worked examples of the law.
"""
