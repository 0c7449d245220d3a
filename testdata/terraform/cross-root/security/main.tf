# The security root owns the key, its alias and the log bucket; the audit
# root names them only by their names. Each root is evaluated and analysed
# on its own, then looked at again together because of those names.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-cross-root-logs"
}

resource "aws_kms_key" "trail" {
  enable_key_rotation = true
  policy = jsonencode({  # want TL010@3 "cannot use key aws_kms_key.trail: the key policy of aws_kms_key.trail does not let cloudtrail.amazonaws.com call kms:DescribeKey.*declared apart from the key.*replace ACCOUNT_ID with the trail.s"
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid       = "Encrypt", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*",  # want TL013@7 "its condition StringLike kms:EncryptionContext:aws:cloudtrail:arn .arn:aws:cloudtrail:[*]:[*]:trail/[*]. admits the trails of every account"
      Condition = { StringLike = { "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:*:trail/*" } } },
      { Sid       = "Readers", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/Auditor" }, Action = "kms:Decrypt", Resource = "*",
      Condition = { Null = { "kms:EncryptionContext:aws:cloudtrail:arn" = "false" } } },
    ]
  })
}

resource "aws_kms_alias" "trail" {
  name          = "alias/fixture-cross-root"
  target_key_id = aws_kms_key.trail.key_id
}
