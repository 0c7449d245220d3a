# aws_kms_key_policy replaces the key's own policy: the complete policy on
# the key does not count, the incomplete one attached later does.
provider "aws" {
  region = "ca-central-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-policy-override"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
      { Sid = "Encrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*",
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } } },
    ]
  })
}

resource "aws_kms_key_policy" "trail" {
  key_id = aws_kms_key.trail.id
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Readers",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/Auditor"},
          "Action": "kms:Decrypt",
          "Resource": "*"
        },
        {
          "Sid": "Describe",
          "Effect": "Allow",
          "Principal": {"Service": "cloudtrail.amazonaws.com"},
          "Action": "kms:DescribeKey",
          "Resource": "*"
        }
      ]
    }
  JSON
}

resource "aws_cloudtrail" "trail" {
  name           = "trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.trail.arn
}
