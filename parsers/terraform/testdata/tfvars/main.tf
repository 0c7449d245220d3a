variable "region" {}

variable "kms_key_arn" {
  type = string
}

variable "account" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_cloudtrail" "t" {
  name           = "t-${var.account}"
  s3_bucket_name = "b"
  kms_key_id     = var.kms_key_arn
}

resource "aws_cloudtrail_event_data_store" "eds" {
  name       = "eds"
  kms_key_id = var.account != "" ? var.account : null
}
