"""Where the documents' bytes go, read from the environment: the settings'
``STORAGES["default"]``, kept apart so that a test can build it from the
same variables as a deployment (docs/deploiement.md)."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from quorum.env import env_str


def default_storage_settings() -> dict[str, Any]:
    """In the media folder by default; in an S3-compatible object storage
    (django-storages) with ``QUORUM_STORAGE=s3`` and the ``QUORUM_S3_*``
    variables."""
    kind = env_str("QUORUM_STORAGE", "filesystem")
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(
            f"QUORUM_STORAGE must be filesystem or s3, got {kind!r}"
        )
    if not env_str("QUORUM_S3_BUCKET"):
        raise ImproperlyConfigured("QUORUM_STORAGE=s3 needs QUORUM_S3_BUCKET")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("QUORUM_S3_BUCKET"),
            # Empty: the provider's keys come from the usual AWS_* variables
            # or the machine's role, as boto3 finds them.
            "endpoint_url": env_str("QUORUM_S3_ENDPOINT_URL") or None,
            "region_name": env_str("QUORUM_S3_REGION") or None,
            "access_key": env_str("QUORUM_S3_ACCESS_KEY") or None,
            "secret_key": env_str("QUORUM_S3_SECRET_KEY") or None,
            "location": env_str("QUORUM_S3_PREFIX"),
            # Files are private: never a public ACL, never overwritten (a
            # blob is named by its hash), served only through Quorum.
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "addressing_style": env_str("QUORUM_S3_ADDRESSING_STYLE") or None,
        },
    }
