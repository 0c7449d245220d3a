resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = false
  policy              = data.aws_iam_policy_document.key.json
}

# trailint:ignore TL013 key shared with the org trail, reviewed
resource "aws_cloudtrail" "main" {
  name           = "main"
  kms_key_id     = aws_kms_key.trail.arn
  s3_bucket_name = aws_s3_bucket.logs.id
}
