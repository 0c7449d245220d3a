provider "aws" {
  region = "eu-west-3"
}

data "aws_caller_identity" "current" {}

# CloudTrail Lake needs kms:GenerateDataKey and kms:Decrypt, and no
# encryption-context condition: this key grants only GenerateDataKey.
resource "aws_kms_key" "lake" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "event data store aws_cloudtrail_event_data_store.lake .*kms:Decrypt"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Lake", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey", Resource = "*" },
    ]
  })
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name       = "lake"
  kms_key_id = aws_kms_key.lake.arn
}

# A key without a policy gets the default key policy, which does not
# mention CloudTrail.
resource "aws_kms_key" "default_policy" {  # want TL010@1 "default key policy" TL011@1 "default key policy"
  enable_key_rotation = true
}

resource "aws_cloudtrail_event_data_store" "default_policy" {
  name       = "default-policy"
  kms_key_id = aws_kms_key.default_policy.arn
}

# The trail encryption-context condition never holds for a store: CloudTrail
# Lake sends no such context, so the grant excludes this store.
resource "aws_kms_key" "trail_context" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "statement \"TrailsOnly\" would allow it, but its condition .* the request has no kms:EncryptionContext:aws:cloudtrail:arn" TL011@3 "statement \"TrailsOnly\" would allow it"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "TrailsOnly"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
      },
    ]
  })
}

resource "aws_cloudtrail_event_data_store" "trail_context" {
  name       = "trail-context"
  kms_key_id = aws_kms_key.trail_context.arn
}

# Without a key, CloudTrail Lake encrypts the events with a key it owns.
resource "aws_cloudtrail_event_data_store" "no_key" { # want TL001@1 "^event data store aws_cloudtrail_event_data_store.no_key has no customer managed KMS key: kms_key_id is not set, so its events are encrypted with a key that CloudTrail owns and manages, which you cannot control or audit. Set kms_key_id to the ARN of a customer managed key: a key such as aws_kms_key.event_data_store that you declare, with a key policy that lets CloudTrail use it [(]CIS AWS Foundations 3.5[)].$"
  name = "no-key"
}
