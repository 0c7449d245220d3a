# No provider configuration gives a region: the partition of the trail's
# ARN is not known, and it alone decides the Encrypt grant's condition.
# The account is the same hole on both sides, and the region and the name
# are taken by `*`.
data "aws_caller_identity" "current" {}

variable "account_name" {
  type = string
}

variable "account_id" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-undecided-logs"
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Admin"
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
      values   = ["arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*"]
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

resource "aws_cloudtrail" "main" {
  name           = "${var.account_name}-trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn # want TL030@3 "^the key policy of aws_kms_key.trail cannot be fully checked for trail aws_cloudtrail.main: whether CloudTrail may call kms:GenerateDataKey depends on the partition of provider aws: statement \"Encrypt\" \\(Allow\\) applies only if its condition StringLike kms:EncryptionContext:aws:cloudtrail:arn \"arn:aws:cloudtrail:\\*:\\$\\{account of provider aws\\}:trail/\\*\" holds for \"arn:\\$\\{partition of provider aws\\}:cloudtrail:\\$\\{region of provider aws\\}:\\$\\{account of provider aws\\}:trail/\\$\\{var.account_name\\}-trail\". Pass --region, or give provider \"aws\" \\(not configured\\) a region, to settle it.$"
}

# Two inputs decide together whether the account is the trail's: neither
# is a region, so --region settles nothing.
resource "aws_kms_key" "by_account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
      },
    ]
  })
}

resource "aws_cloudtrail" "by_account" {
  name           = "by-account"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.by_account.arn # want TL030@3 "^the key policy of aws_kms_key.by_account cannot be fully checked for trail aws_cloudtrail.by_account: whether CloudTrail may call kms:DescribeKey and kms:GenerateDataKey depends on var.account_id and the account of provider aws: statement \"CloudTrail\" \\(Allow\\) applies only if its condition StringEquals aws:SourceAccount \"\\$\\{var.account_id\\}\" holds for \"\\$\\{account of provider aws\\}\".$"
}
