"""Web's tests use the fixtures of the root conftest.py (world, browser)."""
