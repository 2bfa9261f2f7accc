"""Give the media bucket its public-read policy: images readable by anyone, nothing else.

Run once after creating the bucket (and again after changing portal/storage.py's
PUBLIC_PREFIXES). `--print` shows the policy instead, to paste into a provider's console.
"""

import json

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from portal.storage import apply_public_read_policy, public_read_policy, uses_s3


class Command(BaseCommand):
    help = "Set the S3 bucket policy that makes images public and keeps documents private."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print", action="store_true", help="print the policy JSON, change nothing"
        )

    def handle(self, *args, **options):
        if not uses_s3():
            raise CommandError("Media are not on S3: set AWS_STORAGE_BUCKET_NAME first.")
        bucket = default_storage.bucket_name
        if options["print"]:
            self.stdout.write(json.dumps(public_read_policy(bucket), indent=2))
            return
        try:
            apply_public_read_policy(default_storage.bucket.meta.client, bucket)
        except Exception as error:
            raise CommandError(f"Could not set the policy of bucket {bucket}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Bucket {bucket}: images public, documents private."))
