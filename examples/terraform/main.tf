# Each trail below shows one mistake trailint catches; run
#   go run ./cmd/trailint ./examples
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "example-trailint-logs"
}

# TL001: no customer managed key at all.
resource "aws_cloudtrail" "unencrypted" {
  name           = "unencrypted"
  s3_bucket_name = aws_s3_bucket.logs.id
}

# TL002: a key id where the provider wants an ARN.
resource "aws_cloudtrail" "key_id" {
  name           = "key-id"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.good.key_id
}

# TL011 and TL012: the policy has no GenerateDataKey grant for CloudTrail and
# no statement that lets anyone read the logs.
resource "aws_kms_key" "no_encrypt" {
  description         = "CloudTrail may describe this key, nothing more"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.describe_only.json
}

data "aws_iam_policy_document" "describe_only" {
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
    sid       = "CloudTrailDescribe"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
  }
}

resource "aws_cloudtrail" "no_encrypt" {
  name           = "no-encrypt"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.no_encrypt.arn
}

# TL020: the key is in us-east-1, the bucket in eu-west-1.
resource "aws_kms_key" "elsewhere" {
  provider            = aws.us
  description         = "in the wrong region"
  enable_key_rotation = true
  policy              = local.trail_key_policy
}

resource "aws_cloudtrail" "elsewhere" {
  name           = "elsewhere"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.elsewhere.arn
}

# TL023: the key does not rotate (CIS 3.6).
resource "aws_kms_key" "static" {
  description = "never rotated"
  policy      = local.trail_key_policy
}

resource "aws_cloudtrail" "static" {
  name           = "static"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.static.arn
}

# Clean: a key whose policy lets CloudTrail describe it, encrypt with it for
# this account's trails, and lets a reader role decrypt the logs.
resource "aws_kms_key" "good" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
  policy              = local.trail_key_policy
}

resource "aws_cloudtrail" "good" {
  name           = "good"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.good.arn
}

locals {
  account = data.aws_caller_identity.current.account_id
  trail_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailDescribe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" }
        }
      },
      {
        Sid       = "LogReaders"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:role/AuditReader" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
        }
      }
    ]
  })
}

# TL013: CloudTrail may encrypt with this key for any trail of any account.
resource "aws_kms_key" "unscoped" {
  description         = "shared with every trail anywhere"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
      {
        Sid       = "LogReaders"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account}:role/AuditReader" }
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = {
          Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" }
        }
      }
    ]
  })
}

resource "aws_cloudtrail" "unscoped" {
  name           = "unscoped"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.unscoped.arn
}

# TL022: the key is disabled, so CloudTrail cannot use it.
resource "aws_kms_key" "disabled" {
  description         = "switched off"
  is_enabled          = false
  enable_key_rotation = true
  policy              = local.trail_key_policy
}

resource "aws_cloudtrail" "disabled" {
  name           = "disabled"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.disabled.arn
}

# TL030: the key comes from a variable without a value; trailint says so
# instead of guessing. Run with --var audit_key_arn=... to check it.
variable "audit_key_arn" {
  type = string
}

resource "aws_cloudtrail" "from_variable" {
  name           = "from-variable"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = var.audit_key_arn
}
