# Excluded by the settings file.
resource "aws_cloudtrail" "skipped" {
  name           = "skipped"
  s3_bucket_name = "fixture-config-logs"
}
