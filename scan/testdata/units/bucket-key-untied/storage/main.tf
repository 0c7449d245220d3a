# Another root module sets the default encryption, with an S3 Bucket Key,
# of a bucket it reads from a data source: it may be the trail's bucket,
# whose encryption context is then the bucket's ARN.
provider "aws" {
  region = "us-east-1"
}

data "aws_s3_bucket" "shared" {
  bucket = var.bucket
}

variable "bucket" {
  type = string
}

resource "aws_s3_bucket_server_side_encryption_configuration" "shared" {
  bucket = data.aws_s3_bucket.shared.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
