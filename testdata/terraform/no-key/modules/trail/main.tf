variable "bucket" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

resource "aws_cloudtrail" "this" {
  name           = "from-module"
  s3_bucket_name = var.bucket
  kms_key_id     = var.kms_key_arn # want TL001@3 "^trail module.trail.aws_cloudtrail.this has no customer managed KMS key: kms_key_id has no value, because aws_kms_key.trail has no instance \\(its count is 0 at main.tf:32:25\\). Keep kms_key_id as it is, and change what leaves it without a value so that it gives the ARN of a customer managed key \\(CIS AWS Foundations 3.5\\).$"
}
