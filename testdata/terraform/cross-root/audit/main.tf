provider "aws" {
  region = "us-east-1"
}

# The alias and the bucket are declared in ../security, where the key policy
# lacks DescribeKey and lets the trails of every account encrypt.
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "fixture-cross-root-logs"
  kms_key_id     = "arn:aws:kms:us-east-1:111122223333:alias/fixture-cross-root"
}

# A key of another region than the bucket named in ../security.
resource "aws_cloudtrail" "named_bucket" {
  name           = "named-bucket"
  s3_bucket_name = "fixture-cross-root-logs"
  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" # want TL020@3 "uses a key in eu-west-1 but bucket aws_s3_bucket.logs is in us-east-1" TL030@3 "not declared in the scanned files"
}
