# A condition scopes the encrypt grant only when it keeps out the trails of
# other accounts: TL013 asks what the condition admits, not whether there
# is one.
provider "aws" {
  region = "eu-south-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-scope-wide"
}

locals {
  account = data.aws_caller_identity.current.account_id
  others = [
    { Sid = "Describe", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:DescribeKey", Resource = "*" },
    {
      Sid       = "Readers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${local.account}:role/Auditor" }
      Action    = "kms:Decrypt"
      Resource  = "*"
      Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } }
    },
  ]
  encrypt = { Sid = "Encrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*" }
}

# Every trail ARN of every account matches.
resource "aws_kms_key" "any_trail" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.others, [merge(local.encrypt, {  # want TL013@17 "^statement \"Encrypt\" of the key policy of aws_kms_key.any_trail lets cloudtrail.amazonaws.com call kms:GenerateDataKey[*] for any trail in any account: its condition StringLike kms:EncryptionContext:aws:cloudtrail:arn \"arn:aws:cloudtrail:[*]:[*]:trail/[*]\" admits the trails of every account, so it scopes nothing [(]trail aws_cloudtrail.any_trail uses the key[)]. Scope it to this account's trails: replace it with the statement below.$"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:*:trail/*" } }
    })])
  })
}

resource "aws_cloudtrail" "any_trail" {
  name           = "any-trail"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.any_trail.arn
}

# Every account is a source account.
resource "aws_kms_key" "any_account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.others, [merge(local.encrypt, {  # want TL013@17 "its condition StringLike aws:SourceAccount \"[*]\" admits the trails of every account, so it scopes nothing"
      Condition = { StringLike = { "aws:SourceAccount" = "*" } }
    })])
  })
}

resource "aws_cloudtrail" "any_account" {
  name           = "any-account"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.any_account.arn
}

# Every trail of this region, in any account: the region is no scope.
resource "aws_kms_key" "any_source" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.others, [merge(local.encrypt, {  # want TL013@17 "its conditions ArnLike aws:SourceArn \"arn:aws:cloudtrail:eu-south-1:[*]:trail/[*]\" and StringLike kms:EncryptionContext:aws:cloudtrail:arn \"arn:aws:cloudtrail:[*]:[*]:trail/[*]\" admit the trails of every account"
      Condition = {
        ArnLike    = { "aws:SourceArn" = "arn:aws:cloudtrail:eu-south-1:*:trail/*" }
        StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:*:trail/*" }
      }
    })])
  })
}

resource "aws_cloudtrail" "any_source" {
  name           = "any-source"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.any_source.arn
}

# This account's trails only: scoped.
resource "aws_kms_key" "this_account" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.others, [merge(local.encrypt, {
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account}:trail/*" } }
    })])
  })
}

resource "aws_cloudtrail" "this_account" {
  name           = "this-account"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.this_account.arn
}

# An open grant, and a Deny that keeps out every other account: scoped.
resource "aws_kms_key" "denied_elsewhere" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.others, [local.encrypt, {
      Sid       = "OnlyThisAccount"
      Effect    = "Deny"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "kms:GenerateDataKey*"
      Resource  = "*"
      Condition = { StringNotEquals = { "aws:SourceAccount" = local.account } }
    }])
  })
}

resource "aws_cloudtrail" "denied_elsewhere" {
  name           = "denied-elsewhere"
  s3_bucket_name = aws_s3_bucket.logs.id
  kms_key_id     = aws_kms_key.denied_elsewhere.arn
}
