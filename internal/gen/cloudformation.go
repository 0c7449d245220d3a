package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// template writes CloudFormation template i: a key CloudTrail can use, a
// bucket, a trail (without KMSKeyId when noKey) and filler resources.
func (t *Tree) template(i int, noKey bool, rng *rand.Rand) {
	file := TemplateFile(i)
	t.Trails++
	trail := obj{
		{"IsLogging", true},
		{"S3BucketName", fn{"Ref", "LogBucket"}},
		{"IsMultiRegionTrail", true},
		{"EnableLogFileValidation", true},
	}
	if !noKey {
		trail = append(trail, kv{"KMSKeyId", fn{"Fn::GetAtt", "TrailKey.Arn"}})
	}
	res := obj{
		{"TrailKey", obj{
			{"Type", "AWS::KMS::Key"},
			{"Properties", obj{
				{"Description", fmt.Sprintf("CloudTrail log files of stack %d", i)},
				{"EnableKeyRotation", true},
				{"KeyPolicy", cfnKeyPolicy()},
			}},
		}},
		{"LogBucket", obj{
			{"Type", "AWS::S3::Bucket"},
			{"Properties", obj{
				{"BucketName", fn{"Fn::Sub", fmt.Sprintf("audit-%04d-${AWS::AccountId}", i)}},
				{"PublicAccessBlockConfiguration", obj{
					{"BlockPublicAcls", true}, {"BlockPublicPolicy", true},
					{"IgnorePublicAcls", true}, {"RestrictPublicBuckets", true},
				}},
			}},
		}},
		{"Trail", obj{
			{"Type", "AWS::CloudTrail::Trail"},
			{"Properties", trail},
		}},
	}
	for j := range 6 + rng.IntN(4) {
		res = append(res, cfnFiller(j, rng.IntN(10000)))
	}
	doc := obj{
		{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", fmt.Sprintf("Audit trail of stack %d", i)},
		{"Parameters", obj{{"Env", obj{{"Type", "String"}, {"Default", "prod"}}}}},
		{"Resources", res},
		{"Outputs", obj{{"TrailArn", obj{{"Value", fn{"Fn::GetAtt", "Trail.Arn"}}}}}},
	}
	var b strings.Builder
	marker := "  Trail:"
	if strings.HasSuffix(file, ".json") {
		jsonOf(&b, doc, 0)
		b.WriteString("\n")
		marker = `"Trail":`
	} else {
		fmt.Fprintf(&b, "# Stack %d\n", i)
		yamlOf(&b, doc, 0)
	}
	t.Files[file] = []byte(b.String())
	if noKey {
		t.want("TL001", file, marker)
		if !strings.HasSuffix(file, ".json") {
			// The finding points at the logical id, after the indentation.
			t.Want[len(t.Want)-1].Column += 2
		}
	}
}

func cfnKeyPolicy() obj {
	sub := func(s string) fn { return fn{"Fn::Sub", s} }
	service := obj{{"Service", "cloudtrail.amazonaws.com"}}
	return obj{
		{"Version", "2012-10-17"},
		{"Statement", []any{
			obj{{"Sid", "Root"}, {"Effect", "Allow"},
				{"Principal", obj{{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")}}},
				{"Action", "kms:*"}, {"Resource", "*"}},
			obj{{"Sid", "CloudTrailDescribe"}, {"Effect", "Allow"}, {"Principal", service},
				{"Action", "kms:DescribeKey"}, {"Resource", "*"}},
			obj{{"Sid", "CloudTrailEncrypt"}, {"Effect", "Allow"}, {"Principal", service},
				{"Action", "kms:GenerateDataKey*"}, {"Resource", "*"},
				{"Condition", obj{{"StringLike", obj{{"kms:EncryptionContext:aws:cloudtrail:arn",
					sub("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*")}}}}}},
			obj{{"Sid", "LogReaders"}, {"Effect", "Allow"},
				{"Principal", obj{{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/AuditReader")}}},
				{"Action", []any{"kms:Decrypt", "kms:ReEncryptFrom"}}, {"Resource", "*"},
				{"Condition", obj{{"Null", obj{{"kms:EncryptionContext:aws:cloudtrail:arn", "false"}}}}}},
		}},
	}
}

// cfnFiller is a resource trailint does not check.
func cfnFiller(j, n int) kv {
	switch j % 3 {
	case 0:
		return kv{fmt.Sprintf("Queue%d", j), obj{
			{"Type", "AWS::SQS::Queue"},
			{"Properties", obj{
				{"QueueName", fn{"Fn::Sub", fmt.Sprintf("jobs-%d-${Env}", n)}},
				{"VisibilityTimeout", 30 + n%300},
				{"MessageRetentionPeriod", 345600},
			}},
		}}
	case 1:
		return kv{fmt.Sprintf("Topic%d", j), obj{
			{"Type", "AWS::SNS::Topic"},
			{"Properties", obj{
				{"TopicName", fn{"Fn::Sub", fmt.Sprintf("alerts-%d-${Env}", n)}},
				{"Subscription", []any{obj{{"Protocol", "email"}, {"Endpoint", fmt.Sprintf("ops+%d@example.com", n)}}}},
			}},
		}}
	default:
		return kv{fmt.Sprintf("Role%d", j), obj{
			{"Type", "AWS::IAM::Role"},
			{"Properties", obj{
				{"RoleName", fn{"Fn::Sub", fmt.Sprintf("worker-%d-${Env}", n)}},
				{"AssumeRolePolicyDocument", obj{
					{"Version", "2012-10-17"},
					{"Statement", []any{obj{{"Effect", "Allow"},
						{"Principal", obj{{"Service", "lambda.amazonaws.com"}}},
						{"Action", "sts:AssumeRole"}}}},
				}},
				{"Policies", []any{obj{
					{"PolicyName", "logs"},
					{"PolicyDocument", obj{
						{"Version", "2012-10-17"},
						{"Statement", []any{obj{{"Effect", "Allow"},
							{"Action", []any{"logs:CreateLogStream", "logs:PutLogEvents"}},
							{"Resource", fn{"Fn::Sub", "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app/*"}}}}},
					}},
				}}},
			}},
		}}
	}
}
