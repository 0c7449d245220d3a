# The documentation's placeholder was pasted as is: no real account id is
# "aws-account-id", so CloudTrail can never encrypt with this key.
provider "aws" {
  region = "ap-southeast-2"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {  # want TL011@1 "statement \"Encrypt\" would allow it, but.*aws-account-id"
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "Describe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
  statement {
    sid       = "Encrypt"
    actions   = ["kms:GenerateDataKey*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["arn:aws:cloudtrail:*:aws-account-id:trail/*"]
    }
  }
  statement {
    sid       = "Readers"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor"]
    }
    condition {
      test     = "Null"
      variable = "kms:EncryptionContext:aws:cloudtrail:arn"
      values   = ["false"]
    }
  }
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-placeholder"
}

resource "aws_cloudtrail" "trail" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
