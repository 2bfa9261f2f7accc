"""The suite's S3 server: the portal's own SeaweedFS launcher (portal/seaweedfs.py)."""

from portal.seaweedfs import ACCESS_KEY, SECRET_KEY, SeaweedFS, find_weed_binary

__all__ = ["ACCESS_KEY", "SECRET_KEY", "SeaweedFS", "find_weed_binary"]
