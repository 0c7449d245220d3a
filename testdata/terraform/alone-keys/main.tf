# Keys that no trail of the scan uses: the trail is in a registry module
# that is not downloaded. Each is checked for any trail that will use it.
provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

module "trail" {
  source      = "example-org/cloudtrail/aws"
  version     = "3.1.0"
  kms_key_arn = aws_kms_key.placeholder.arn
}

# The encrypt grant is ANDed with aws:SourceArn equal to the guide's
# placeholder, in an account that is not this one: no trail is named
# <trail_Name>, so no trail can encrypt with the key.
resource "aws_kms_key" "placeholder" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL011@3 "^no trail can use key aws_kms_key.placeholder: the key policy of aws_kms_key.placeholder does not let cloudtrail.amazonaws.com call kms:GenerateDataKey for any trail, whatever its name, home region or account [(]statement \"Encrypt\" would allow it, but its condition StringEquals aws:SourceArn .arn:aws:cloudtrail:eu-west-1:999988887777:trail/<trail_Name>. .*No trail in the scan is known to use the key, so this holds for every trail that will use it. Add the statement below"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "Describe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
      },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" }
          StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:eu-west-1:999988887777:trail/<trail_Name>" }
        }
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

# What a trail's key needs, scoped to this account's trails: nothing to say.
resource "aws_kms_key" "correct" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "Describe"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
        Condition = { StringLike = { "aws:SourceArn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
      },
      {
        Sid       = "Encrypt"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${data.aws_caller_identity.current.account_id}:trail/*" } }
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

# An EBS volume's key: its policy says nothing of CloudTrail, so it is not
# a CloudTrail key, and what a trail would need is not asked of it.
resource "aws_kms_key" "ebs" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "EBS"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "ec2.eu-west-1.amazonaws.com", "kms:CallerAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}

# The grants admit one trail by name: whether a trail can use the key
# depends on its name, which is not known, so nothing is said.
resource "aws_kms_key" "named" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:eu-west-1:${data.aws_caller_identity.current.account_id}:trail/audit" } }
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

# A log archive account's key for the trails of another account (the
# organisation's management account): no trail of this account can use
# it, and none needs to. Not a mistake, so nothing is said.
resource "aws_kms_key" "archive" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "OrgTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:DescribeKey", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringLike = { "aws:SourceArn" = "arn:aws:cloudtrail:*:444455556666:trail/*" } }
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

# A key CloudTrail may decrypt with and get data keys from without a
# trail's encryption context: an event data store's, or an encrypted SNS
# topic's. Neither needs DescribeKey, so its absence is no mistake here.
resource "aws_kms_key" "lake" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "CloudTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
      },
    ]
  })
}

# A bucket's default encryption key, which CloudTrail's writes reach
# through S3 with the object's ARN as the only context: no DescribeKey is
# needed there either.
resource "aws_kms_key" "bucket" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      {
        Sid       = "CloudTrailWrites"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::fixture-alone-logs/*" } }
      },
    ]
  })
}

# JSON text: without a reader, and with a grant to every account's trails.
resource "aws_kms_key" "heredoc" {
  enable_key_rotation = true
  policy              = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "CloudTrail",
          "Effect": "Allow",
          "Principal": {"Service": "cloudtrail.amazonaws.com"},
          "Action": ["kms:DescribeKey", "kms:GenerateDataKey*"],
          "Resource": "*"
        }
      ]
    }
  JSON
}
