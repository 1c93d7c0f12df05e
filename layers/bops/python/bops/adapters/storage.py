"""S3: the documents bucket (uploads, original submissions, notices)."""

from __future__ import annotations

from typing import Any

from bops.adapters.aws import client


class Storage:
    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    def put(self, key: str, body: bytes, content_type: str) -> None:
        client("s3").put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=content_type)

    def read(self, key: str, *, max_bytes: int | None = None) -> bytes:
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if max_bytes is not None:
            kwargs["Range"] = f"bytes=0-{max_bytes - 1}"
        return client("s3").get_object(**kwargs)["Body"].read()

    def head(self, key: str) -> dict[str, Any]:
        return client("s3").head_object(Bucket=self.bucket, Key=key)

    def stream(self, key: str) -> Any:
        return client("s3").get_object(Bucket=self.bucket, Key=key)["Body"]

    def get_object(self, key: str) -> dict[str, Any]:
        """The GetObject response: ``Body`` (a stream), ``ContentLength``, ``ETag``, ``ContentType``."""
        return client("s3").get_object(Bucket=self.bucket, Key=key)

    def copy(
        self, source_key: str, key: str, *, if_match: str | None = None, version_id: str | None = None
    ) -> None:
        """Copies an object within the bucket; ``if_match`` (an ETag) ensures it has the bytes we checked,
        ``version_id`` copies that version (a later overwrite of the key is not the file we checked)."""
        source = {"Bucket": self.bucket, "Key": source_key}
        if version_id:
            source["VersionId"] = version_id
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Key": key, "CopySource": source}
        if if_match:
            kwargs["CopySourceIfMatch"] = if_match
        client("s3").copy_object(**kwargs)

    def tag(self, key: str, tags: dict[str, str]) -> None:
        """Adds tags to an object, keeping the ones it has (e.g. a malware scan verdict)."""
        s3 = client("s3")
        current = {t["Key"]: t["Value"] for t in s3.get_object_tagging(Bucket=self.bucket, Key=key)["TagSet"]}
        merged = {**current, **tags}
        tag_set = [{"Key": k, "Value": v} for k, v in merged.items()]
        s3.put_object_tagging(Bucket=self.bucket, Key=key, Tagging={"TagSet": tag_set})

    def presigned_post(
        self, *, key_prefix: str, content_type: str, max_bytes: int, expires_in: int = 900
    ) -> dict[str, Any]:
        """A browser upload form whose policy fixes the key prefix, content type and size range."""
        return client("s3").generate_presigned_post(
            Bucket=self.bucket,
            Key=key_prefix + "${filename}",
            Fields={"Content-Type": content_type},
            Conditions=[
                ["starts-with", "$key", key_prefix],
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=expires_in,
        )

    def presigned_get(self, key: str, *, file_name: str, expires_in: int = 300) -> str:
        return client("s3").generate_presigned_url(
            "get_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ResponseContentDisposition": f'attachment; filename="{file_name}"',
            },
            ExpiresIn=expires_in,
        )
