# The default provider names no region; the settings file gives one.
provider "aws" {}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

variable "rotate" {
  type    = bool
  default = true
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  provider = aws.us
  bucket   = "fixture-config-logs"
}

# trailint:ignore TL012 readers decrypt through grants, not the key policy
resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = var.rotate
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
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
          StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }
        }
      }
    ]
  })
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
