provider "aws" {
  region = "us-west-2"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-pr-key-file-logs"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
