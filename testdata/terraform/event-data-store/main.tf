provider "aws" {
  region = "eu-west-3"
}

data "aws_caller_identity" "current" {}

# CloudTrail Lake needs kms:GenerateDataKey and kms:Decrypt, and no
# encryption-context condition: this key grants only GenerateDataKey.
resource "aws_kms_key" "lake" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Lake", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey", Resource = "*" },
    ]
  })
}

resource "aws_cloudtrail_event_data_store" "lake" {
  name       = "lake"
  kms_key_id = aws_kms_key.lake.arn # want TL010@3 "event data store aws_cloudtrail_event_data_store.lake .*kms:Decrypt"
}

# A key without a policy gets the default key policy, which does not
# mention CloudTrail.
resource "aws_kms_key" "default_policy" {
  enable_key_rotation = true
}

resource "aws_cloudtrail_event_data_store" "default_policy" {
  name       = "default-policy"
  kms_key_id = aws_kms_key.default_policy.arn # want TL010@3 "default key policy" TL011@3 "default key policy"
}
