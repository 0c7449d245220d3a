provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-no-key-logs"
}

resource "aws_cloudtrail" "absent" { # want TL001@1 "kms_key_id is not set, so its logs are encrypted only with S3-managed keys. Set kms_key_id to the ARN of a customer managed key: a key such as aws_kms_key.trail that you declare"
  name           = "absent"
  s3_bucket_name = aws_s3_bucket.logs.id
}

resource "aws_cloudtrail" "null" {
  name           = "null"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = null # want TL001@3 "^trail aws_cloudtrail.null has no customer managed KMS key: kms_key_id has no value. Set it to the ARN of a customer managed key: a key such as aws_kms_key.trail that you declare, with a key policy that lets CloudTrail use it"
}

resource "aws_cloudtrail_event_data_store" "empty" {
  name       = "empty"
  kms_key_id = "" # want TL001@3 "event data store aws_cloudtrail_event_data_store.empty .*is empty"
}

# The key exists only when enabled; the module then gets no key at all.
variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_kms_key" "trail" {
  count               = var.encrypt ? 1 : 0
  enable_key_rotation = true
}

module "trail" {
  source      = "./modules/trail"
  bucket      = aws_s3_bucket.logs.id
  kms_key_arn = one(aws_kms_key.trail[*].arn)
}
