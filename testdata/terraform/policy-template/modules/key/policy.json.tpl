{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Describe",
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "kms:DescribeKey",
      "Resource": "*",
      "Condition": {"StringLike": {"aws:SourceArn": "arn:aws:cloudtrail:${region}:*:trail/*"}}
    }
  ]
}
