variable "bucket" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

resource "aws_cloudtrail" "this" {
  name           = "from-module"
  s3_bucket_name = var.bucket
  kms_key_id     = var.kms_key_arn # want TL001@3 "module.trail.aws_cloudtrail.this .*kms_key_id is null"
}
