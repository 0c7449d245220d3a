# The default encryption of the bucket of ../bucket, by its name, with an
# S3 Bucket Key.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "units-bucket-key-chain"
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
