resource "aws_cloudtrail" "broken" {
  name = 
