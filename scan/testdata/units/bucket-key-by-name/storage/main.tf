# Another root module sets the default encryption of the trail's bucket,
# naming it by its name, with an S3 Bucket Key: S3 then asks KMS with the
# bucket's ARN in the encryption context, which the key policy's condition
# on object ARNs refuses.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = "units-bucket-key-logs"
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
