# CloudTrail publishes to an SNS topic encrypted with the trail's key, so
# the key lets CloudTrail decrypt as well as make data keys. That grant
# has no condition: any trail of any account may use the key. SNS requests
# carry no CloudTrail encryption context, so the fix scopes the grant with
# aws:SourceArn, in place of the open statement.
provider "aws" {
  region = "ap-northeast-1"
}

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "logs" {
  bucket = "fixture-sns-scope-logs"
}

resource "aws_sns_topic" "trail" {
  name              = "trail-notifications"
  kms_master_key_id = aws_kms_key.trail.id
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Administration"
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

  statement { # want TL013@3 "^statement \"CloudTrailAndNotifications\" of the key policy of aws_kms_key.trail lets cloudtrail.amazonaws.com call kms:GenerateDataKey[*] without a condition .* It lets CloudTrail decrypt too, as CloudTrail's encrypted SNS notifications need, and SNS requests carry no CloudTrail encryption context: replace it with the statement below, scoped with aws:SourceArn to this account's trails.$"
    sid       = "CloudTrailAndNotifications"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
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
  name           = "main"
  s3_bucket_name = aws_s3_bucket.logs.id
  sns_topic_name = aws_sns_topic.trail.name
  kms_key_id     = aws_kms_key.trail.arn
}
