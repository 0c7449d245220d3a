resource "aws_s3_bucket" "assets" {
  bucket = "fixture-precommit-assets"
}
