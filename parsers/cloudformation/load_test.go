package cloudformation

import (
	"os"
	"testing"
)

// loadCases load one fixture directory each and assert the whole graph.
var loadCases = []struct {
	name  string
	dir   string
	files []string // nil: every file of dir
	opts  Options
	want  string
}{
	{name: "short tags", dir: "tags", want: `res template.yaml:Key AWS::KMS::Key "key" hdr 19:3-19:6 block 19:3-28:88 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled @25:7-25:31 = true @template.yaml:25:16-25:31
  KeySpec @23:7-23:53 = "alias/prod-trail" @template.yaml:13:14-13:30
  KeyUsage @24:7-24:28 = "YWJj" @template.yaml:24:17-24:28
  MultiRegion @27:7-27:30 = unknown(the Availability Zones of the region are known at deploy time) @template.yaml:27:20-27:30
  KeyPolicy @28:7-28:88 = unknown(Fn::Transform is expanded by the macro AWS::Include at deploy time) @template.yaml:28:18-28:88
  EnableKeyRotation @26:7-26:52 = true @template.yaml:26:47-26:51
res template.yaml:Alias AWS::KMS::Alias "alias" hdr 29:3-29:8 block 29:3-33:35 region "${AWS::Region}" (the stack's region (AWS::Region))
  AliasName @32:7-32:64 = "alias/prod-${Literal}-${AWS::Region}" @template.yaml:32:18-32:64
  TargetKeyId @33:7-33:35 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}" @template.yaml:33:20-33:35 ->template.yaml:Key.Arn
res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 34:3-34:8 block 34:3-41:36 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @38:7-38:47 = unknown(export shared-bucket is not defined in the scanned templates) @template.yaml:38:21-38:47
  KMSKeyId @39:7-39:25 = "${Key}" @template.yaml:39:17-39:25 ->template.yaml:Key
  TrailName @40:7-40:100 = "prod-b-x" @template.yaml:40:18-40:100
  IsOrganizationTrail @41:7-41:36 = unknown(unknown tag !Foo) @template.yaml:41:28-41:36
res template.yaml:Bucket AWS::S3::Bucket "bucket" hdr 42:3-42:9 block 42:3-45:57 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @45:7-45:57 = unknown(Fn::Select from a list known at deploy time: Fn::Cidr is computed at deploy time) @template.yaml:45:19-45:57
res template.yaml:Bucket2 AWS::S3::Bucket "bucket" hdr 46:3-46:10 block 46:3-51:35 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @49:7-51:35 = "${AWS::Region}-prod-${Key}-${Bucket.Arn}" @template.yaml:49:19-51:35 ->template.yaml:Key ->template.yaml:Bucket.Arn
diag 0 template.yaml:41:28-41:36 unknown tag !Foo
`},
	{name: "json", dir: "json", want: `res template.json:TrailKey AWS::KMS::Key "key" hdr 4:5-4:15 block 4:5-20:6 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy @8:9-18:10 = {Version: "2012-10-17" @template.json:9:22-9:34, Statement: [{Effect: "Allow" @template.json:12:25-12:32, Principal: {AWS: "arn:aws:iam::${AWS::AccountId}:root" @template.json:13:36-13:100} @template.json:13:28-13:101, Action: "kms:*" @template.json:14:25-14:32, Resource: "*" @template.json:15:27-15:30} @template.json:11:13-16:14] @template.json:10:24-17:12} @template.json:8:22-18:10
  EnableKeyRotation @7:9-7:34 = true @template.json:7:30-7:34
res template.json:LogBucket AWS::S3::Bucket "bucket" hdr 21:5-21:16 block 21:5-21:85 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @21:61-21:83 = "logs-é" @template.json:21:75-21:83
res template.json:Trail AWS::CloudTrail::Trail "trail" hdr 22:5-22:12 block 22:5-29:6 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @26:2-26:38 = "logs-é" @template.json:21:75-21:83 ->template.json:LogBucket
  KMSKeyId @27:2-27:49 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${TrailKey}" @template.json:27:14-27:49 ->template.json:TrailKey.Arn
  TrailName absent
  IsOrganizationTrail absent
`},
	{name: "mixed files", dir: "mixed", want: `res good.yml:Trail AWS::CloudTrail::Trail "trail" hdr 2:3-2:8 block 2:3-6:22 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @5:7-5:25 = "logs" @good.yml:5:21-5:25
  KMSKeyId absent
  TrailName absent
  IsOrganizationTrail absent
diag 0 broken.yaml:5:17-5:18 template does not parse: did not find expected ',' or ']'
`},
	{name: "parameters", dir: "params", opts: Options{Region: "eu-west-1",
		Parameters: map[string]string{"TrailName": "main", "BucketName": "cli-bucket"}, ParameterFiles: []string{"params.json"}}, want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 21:3-21:8 block 21:3-28:41 region "eu-west-1" (--region)
  S3BucketName @26:7-26:36 = "cli-bucket"
  KMSKeyId @25:7-25:28 = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" @template.yaml:5:14-5:89
  TrailName @27:7-27:32 = "main"
  IsOrganizationTrail @28:7-28:41 = "from-file" @params.json:2:50-2:61
res template.yaml:Lake AWS::CloudTrail::EventDataStore "event data store" hdr 29:3-29:7 block 29:3-33:38 region "eu-west-1" (--region)
  KmsKeyId @32:7-32:28 = unknown(parameter SsmKey is read from SSM parameter /org/trail/key (AWS::SSM::Parameter::Value<String>) at deploy time) @template.yaml:16:14-16:28
  Name @33:7-33:38 = "alias/b" @template.yaml:19:14-19:31
`},
	{name: "parameters without values", dir: "params", files: []string{"template.yaml"}, want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 21:3-21:8 block 21:3-28:41 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @26:7-26:36 = "default-bucket" @template.yaml:8:14-8:28
  KMSKeyId @25:7-25:28 = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" @template.yaml:5:14-5:89
  TrailName @27:7-27:32 = unknown(parameter TrailName has no value (pass --parameter TrailName=...)) @template.yaml:9:3-9:12
  IsOrganizationTrail @28:7-28:41 = "not-used" @template.yaml:13:14-13:22
res template.yaml:Lake AWS::CloudTrail::EventDataStore "event data store" hdr 29:3-29:7 block 29:3-33:38 region "${AWS::Region}" (the stack's region (AWS::Region))
  KmsKeyId @32:7-32:28 = unknown(parameter SsmKey is read from SSM parameter /org/trail/key (AWS::SSM::Parameter::Value<String>) at deploy time) @template.yaml:16:14-16:28
  Name @33:7-33:38 = "alias/b" @template.yaml:19:14-19:31
`},
	{name: "pseudo parameters", dir: "pseudo", want: `res template.yaml:Key AWS::KMS::Key "key" hdr 2:3-2:6 block 2:3-15:58 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled @15:7-15:58 = "${AWS::AccountId}" @template.yaml:15:41-15:56 ->template.yaml:Key.Arn
  KeySpec @12:7-12:56 = "amazonaws.com ${AWS::StackId}" @template.yaml:12:16-12:56
  KeyUsage @13:7-13:43 = unknown(the stack's notification ARNs are known at deploy time) @template.yaml:13:17-13:43
  MultiRegion absent
  KeyPolicy @5:7-11:141 = {Statement: [{Principal: {AWS: "arn:aws:iam::${AWS::AccountId}:root" @template.yaml:8:20-8:74} @template.yaml:8:15-8:74, Condition: {StringLike: {kms:EncryptionContext:aws:cloudtrail:arn: "arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${AWS::StackName of template.yaml}" @template.yaml:11:59-11:141} @template.yaml:11:17-11:141} @template.yaml:10:15-11:141} @template.yaml:7:13-11:141] @template.yaml:7:11-11:141} @template.yaml:6:9-11:141
  EnableKeyRotation absent
`},
	{name: "pseudo parameters in China", dir: "pseudo", opts: Options{Region: "cn-north-1"}, want: `res template.yaml:Key AWS::KMS::Key "key" hdr 2:3-2:6 block 2:3-15:58 region "cn-north-1" (--region)
  Enabled @15:7-15:58 = "${AWS::AccountId}" @template.yaml:15:41-15:56 ->template.yaml:Key.Arn
  KeySpec @12:7-12:56 = "amazonaws.com.cn ${AWS::StackId}" @template.yaml:12:16-12:56
  KeyUsage @13:7-13:43 = unknown(the stack's notification ARNs are known at deploy time) @template.yaml:13:17-13:43
  MultiRegion absent
  KeyPolicy @5:7-11:141 = {Statement: [{Principal: {AWS: "arn:aws-cn:iam::${AWS::AccountId}:root" @template.yaml:8:20-8:74} @template.yaml:8:15-8:74, Condition: {StringLike: {kms:EncryptionContext:aws:cloudtrail:arn: "arn:aws:cloudtrail:cn-north-1:${AWS::AccountId}:trail/${AWS::StackName of template.yaml}" @template.yaml:11:59-11:141} @template.yaml:11:17-11:141} @template.yaml:10:15-11:141} @template.yaml:7:13-11:141] @template.yaml:7:11-11:141} @template.yaml:6:9-11:141
  EnableKeyRotation absent
`},
	{name: "conditions", dir: "conditions", want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 19:3-19:8 block 19:3-24:61 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @23:7-23:25 = "logs" @template.yaml:23:21-23:25
  KMSKeyId @24:7-24:61 = null @template.yaml:24:17-24:61 because(condition HasKey is false, so Fn::If removes it: parameter KeyArn is empty by default (pass --parameter KeyArn=... to change it))
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Other AWS::CloudTrail::Trail "trail" hdr 25:3-25:8 block 25:3-32:62 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @29:7-29:25 = "logs" @template.yaml:29:21-29:25
  KMSKeyId @30:7-30:65 = oneof(unknown(parameter OtherKey has no value (pass --parameter OtherKey=...)) @template.yaml:6:3-6:11 | null @template.yaml:30:47-30:64) @template.yaml:30:17-30:65
  TrailName @32:7-32:62 = oneof("a" @template.yaml:32:56-32:57 | "b" @template.yaml:32:59-32:60) @template.yaml:32:44-32:61
  IsOrganizationTrail @31:7-31:53 = oneof(true @template.yaml:31:41-31:45 | false @template.yaml:31:47-31:52) @template.yaml:31:28-31:53
res template.yaml:MaybeKey AWS::KMS::Key "key" hdr 36:3-36:11 block 36:3-40:42 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled @40:7-40:42 = oneof(true @template.yaml:40:30-40:34 | false @template.yaml:40:36-40:41) @template.yaml:40:16-40:42
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation absent
diag 0 template.yaml:16:3-16:8 circular condition Loop1
diag 0 template.yaml:40:21-40:28 condition Missing is not defined
`},
	{name: "imports", dir: "imports", opts: Options{StackNames: map[string]string{"network.yaml": "network"}}, want: `res network.yaml:TrailKey AWS::KMS::Key "key" hdr 3:3-3:11 block 3:3-4:24 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation absent
res trail.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 7:3-7:8 block 7:3-14:45 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @11:7-11:47 = "logs-bucket" @network.yaml:11:12-11:23
  KMSKeyId @12:7-13:42 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${TrailKey}" @network.yaml:7:12-7:32 ->network.yaml:TrailKey.Arn
  TrailName @14:7-14:45 = unknown(export missing-export is not defined in the scanned templates) @trail.yaml:14:18-14:45
  IsOrganizationTrail absent
`},
	// Without the exporter's stack name, "${AWS::StackName}-KeyArn" is a
	// name with a hole of that template's own: it matches no import.
	{name: "imports without stack names", dir: "imports", want: `res network.yaml:TrailKey AWS::KMS::Key "key" hdr 3:3-3:11 block 3:3-4:24 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation absent
res trail.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 7:3-7:8 block 7:3-14:45 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @11:7-11:47 = "logs-bucket" @network.yaml:11:12-11:23
  KMSKeyId @12:7-13:42 = unknown(export network-KeyArn is not defined in the scanned templates; network.yaml export names built from AWS::StackName: pass --stack-name TEMPLATE=NAME to resolve them) @trail.yaml:12:17-13:42
  TrailName @14:7-14:45 = unknown(export missing-export is not defined in the scanned templates; network.yaml export names built from AWS::StackName: pass --stack-name TEMPLATE=NAME to resolve them) @trail.yaml:14:18-14:45
  IsOrganizationTrail absent
`},
	{name: "nested stacks", dir: "nested", want: `res parent.yaml:Key AWS::KMS::Key "key" hdr 3:3-3:6 block 3:3-4:24 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation absent
res parent.yaml:Logs AWS::S3::Bucket "bucket" hdr 17:3-17:7 block 17:3-20:49 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @20:7-20:49 = "${Trail.Arn}" @stacks/trail.yaml:14:12-14:29 ->stacks/trail.yaml:Trail.Arn ->parent.yaml:Audit.Outputs.TrailArn
res stacks/trail.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 6:3-6:8 block 6:3-11:28 calls parent.yaml:5:3-5:8 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @10:7-10:25 = "logs" @stacks/trail.yaml:10:21-10:25
  KMSKeyId @11:7-11:28 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}" @parent.yaml:10:17-10:32 ->parent.yaml:Key.Arn
  TrailName absent
  IsOrganizationTrail absent
res stacks/trail.yaml:Trail@parent.yaml:Again AWS::CloudTrail::Trail "trail" hdr 6:3-6:8 block 6:3-11:28 calls parent.yaml:11:3-11:8 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @10:7-10:25 = "logs" @stacks/trail.yaml:10:21-10:25
  KMSKeyId @11:7-11:28 = "alias/again" @parent.yaml:16:17-16:28
  TrailName absent
  IsOrganizationTrail absent
diag 0 parent.yaml:24:20-24:38 nested stack TemplateURL ../../outside.yaml leaves the scanned directory
`},
	{name: "SAM", dir: "sam", want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 8:3-8:8 block 8:3-12:25 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @12:7-12:25 = "logs" @template.yaml:12:21-12:25
  KMSKeyId absent
  TrailName absent
  IsOrganizationTrail absent
`},
	{name: "misspelled properties", dir: "misspelled", want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 2:3-2:8 block 2:3-7:28 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @6:7-6:25 = "logs" @template.yaml:6:21-6:25
  KMSKeyId absent misspelled KmsKeyId @7:7-7:15
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Trail2 AWS::CloudTrail::Trail "trail" hdr 8:3-8:9 block 8:3-14:15 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @12:7-12:25 = "logs" @template.yaml:12:21-12:25
  KMSKeyId absent misspelled KMSKey @13:7-13:13
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Lake AWS::CloudTrail::EventDataStore "event data store" hdr 15:3-15:7 block 15:3-18:27 region "${AWS::Region}" (the stack's region (AWS::Region))
  KmsKeyId absent misspelled KMSKeyId @18:7-18:15
  Name absent
res template.yaml:Both AWS::CloudTrail::Trail "trail" hdr 19:3-19:7 block 19:3-25:28 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @23:7-23:25 = "logs" @template.yaml:23:21-23:25
  KMSKeyId @24:7-24:28 = "alias/trail" @template.yaml:24:17-24:28
  TrailName absent
  IsOrganizationTrail absent
diag 1 template.yaml:14:7-14:12 unknown property Bogus on AWS::CloudTrail::Trail
diag 1 template.yaml:25:7-25:15 unknown property KMSKeyID on AWS::CloudTrail::Trail; did you mean KMSKeyId?
`},
	{name: "alias bomb", dir: "bomb", want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 13:3-13:8 block 13:3-17:22 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @16:7-16:25 = "logs" @template.yaml:16:21-16:25
  KMSKeyId absent
  TrailName absent
  IsOrganizationTrail absent
diag 0 template.yaml:8:10-8:12 alias expansion exceeds 100000 nodes
`},
	{name: "ignores", dir: "ignores", want: `res template.yaml:Key AWS::KMS::Key "key" hdr 3:3-3:6 block 3:3-9:22 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy @8:7-9:22 = {Statement: [] @template.yaml:9:20-9:22} @template.yaml:9:9-9:22
  EnableKeyRotation @7:7-7:31 = false @template.yaml:7:26-7:31
res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 12:3-12:8 block 12:3-22:25 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @22:7-22:25 = "logs" @template.yaml:22:21-22:25
  KMSKeyId absent
  TrailName absent
  IsOrganizationTrail absent
ignore TL013 "the key is shared on purpose" at template.yaml:2:3-2:55 covers 3:3-9:22
ignore TL021 "" at template.yaml:6:7-6:36 covers 7:7-7:31
ignore TL023 "" at template.yaml:6:7-6:36 covers 7:7-7:31
ignore TL001 "" at template.yaml:11:3-11:26 covers 12:3-22:25
ignore TL020 "bucket lives elsewhere" at template.yaml:17:13-18:43 covers 12:3-22:25
ignore TL030 "" at template.yaml:19:13-19:18 covers 12:3-22:25
`},
	{name: "CDK", dir: "cdk", want: `res cdk.out/AuditStack.template.json:TrailKey1A2B3C AWS::KMS::Key "key" hdr 3:3-3:19 block 3:3-7:4 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled absent
  KeySpec absent
  KeyUsage absent
  MultiRegion absent
  KeyPolicy absent
  EnableKeyRotation @5:19-5:44 = true @cdk.out/AuditStack.template.json:5:40-5:44
res cdk.out/AuditStack.template.json:Trail4D5E6F AWS::CloudTrail::Trail "trail" hdr 12:3-12:16 block 12:3-20:4 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @16:5-16:27 = "logs" @cdk.out/AuditStack.template.json:16:21-16:27
  KMSKeyId @17:5-17:58 = "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${TrailKey1A2B3C}" @cdk.out/AuditStack.template.json:17:17-17:58 ->cdk.out/AuditStack.template.json:TrailKey1A2B3C.Arn
  TrailName absent
  IsOrganizationTrail absent
ignore TL012 "" at cdk.out/AuditStack.template.json:19:86-19:101 covers 12:3-20:4
`},
	{name: "errors", dir: "errors", files: []string{"template.yaml"}, want: `res template.yaml:Trail AWS::CloudTrail::Trail "trail" hdr 7:3-7:8 block 7:3-14:45 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @11:7-11:35 = unknown(unknown function Fn::Foo) @template.yaml:11:21-11:35
  KMSKeyId @12:7-12:29 = unknown(Ref to undefined name Nowhere) @template.yaml:12:17-12:29
  TrailName @13:7-13:37 = "${Missing}-x" @template.yaml:13:18-13:37
  IsOrganizationTrail @14:7-14:45 = unknown(Fn::GetAtt of undefined resource Ghost) @template.yaml:14:28-14:45
res template.yaml:Bucket AWS::S3::Bucket "bucket" hdr 15:3-15:9 block 15:3-18:38 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @18:7-18:38 = unknown(invalid Fn::Select: index 3 is out of range for a list of 2) @template.yaml:18:19-18:38
res template.yaml:Alias AWS::KMS::Alias "alias" hdr 19:3-19:8 block 19:3-23:66 region "${AWS::Region}" (the stack's region (AWS::Region))
  AliasName @22:7-22:38 = unknown(Fn::FindInMap finds nothing at M/a/z) @template.yaml:22:18-22:38
  TargetKeyId @23:7-23:66 = "fallback" @template.yaml:23:56-23:64
diag 0 template.yaml:11:22-11:31 unknown function Fn::Foo
diag 0 template.yaml:12:17-12:29 Ref to undefined name Nowhere
diag 0 template.yaml:13:18-13:37 Fn::Sub refers to undefined name Missing
diag 0 template.yaml:14:28-14:45 Fn::GetAtt of undefined resource Ghost
diag 0 template.yaml:18:19-18:38 invalid Fn::Select: index 3 is out of range for a list of 2
diag 0 template.yaml:22:18-22:38 Fn::FindInMap finds nothing at M/a/z
diag 0 template.yaml:24:3-24:9 resource NoType has no Type
diag 0 template.yaml:29:20-29:36 nested stack TemplateURL /etc/passwd.yaml is an absolute path
diag 0 template.yaml:30:3-30:9 nested stack template other.yaml is not a CloudFormation template
`},
	{name: "positions", dir: "positions", want: `res template.yaml:Key AWS::KMS::Key "key" hdr 2:3-2:6 block 2:3-17:47 region "${AWS::Region}" (the stack's region (AWS::Region))
  Enabled @14:7-15:14 = "multi line" @template.yaml:14:16-15:14
  KeySpec @9:7-11:16 = "SYMMETRIC DEFAULT" @template.yaml:9:16-11:16
  KeyUsage @12:7-13:16 = "ENCRYPT DECRYPT" @template.yaml:12:17-13:16
  MultiRegion @16:7-16:27 = "it's" @template.yaml:16:20-16:27
  KeyPolicy @5:7-7:26 = "{\"Version\": \"2012-10-17\",\n \"Statement\": []}\n" @template.yaml:5:18-7:26
  EnableKeyRotation @17:7-17:47 = "${AWS::Region}" @template.yaml:17:26-17:47
res template.yaml:Alias AWS::KMS::Alias "alias" hdr 18:3-18:8 block 18:3-22:50 region "${AWS::Region}" (the stack's region (AWS::Region))
  AliasName @21:7-21:22 = "${AWS::Region}" @template.yaml:21:18-21:22
  TargetKeyId @22:7-22:50 = "éü" @template.yaml:22:20-22:50
`},
	// Properties chosen by Fn::If: a decided condition picks its branch;
	// an undecided one makes each property one of the values the branches
	// give it, absent where a branch does not set it; a property the same
	// in every branch is that value. A condition met again within its own
	// branch takes the same branch. Past 16 alternatives, every property
	// is unknown.
	{name: "Properties chosen by Fn::If", dir: "propif", want: `res template.yaml:Same AWS::CloudTrail::Trail "trail" hdr 12:3-12:7 block 12:3-18:47 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @15:7-18:47 = oneof("a" @template.yaml:17:26-17:27 | "b" @template.yaml:18:26-18:27) @template.yaml:15:7-18:47
  KMSKeyId @17:29-17:46 = "alias/k" @template.yaml:17:39-17:46
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Half AWS::CloudTrail::Trail "trail" hdr 19:3-19:7 block 19:3-21:78 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName absent
  KMSKeyId @21:17-21:78 = oneof("alias/k" @template.yaml:21:40-21:47 | null @template.yaml:21:17-21:78) @template.yaml:21:17-21:78
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Decided AWS::CloudTrail::Trail "trail" hdr 22:3-22:10 block 22:3-24:90 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @24:51-24:66 = "c" @template.yaml:24:65-24:66
  KMSKeyId absent misspelled KmsKeyId @24:68-24:76
  TrailName absent
  IsOrganizationTrail absent
res template.yaml:Nested AWS::S3::Bucket "bucket" hdr 25:3-25:9 block 25:3-34:32 region "${AWS::Region}" (the stack's region (AWS::Region))
  BucketName @28:7-34:32 = oneof("outer" @template.yaml:30:23-30:28 | "inner" @template.yaml:34:27-34:32) @template.yaml:28:7-34:32
res template.yaml:Many AWS::CloudTrail::Trail "trail" hdr 35:3-35:7 block 35:3-37:143 region "${AWS::Region}" (the stack's region (AWS::Region))
  S3BucketName @37:17-37:143 = unknown(the Properties of Many are chosen by Fn::If among more than 16 alternatives) @template.yaml:37:17-37:143
  KMSKeyId @37:17-37:143 = unknown(the Properties of Many are chosen by Fn::If among more than 16 alternatives) @template.yaml:37:17-37:143
  TrailName @37:17-37:143 = unknown(the Properties of Many are chosen by Fn::If among more than 16 alternatives) @template.yaml:37:17-37:143
  IsOrganizationTrail @37:17-37:143 = unknown(the Properties of Many are chosen by Fn::If among more than 16 alternatives) @template.yaml:37:17-37:143
diag 1 template.yaml:21:49-21:54 unknown property Bogus on AWS::CloudTrail::Trail
`},
}

func TestLoad(t *testing.T) {
	for _, c := range loadCases {
		t.Run(c.name, func(t *testing.T) {
			fsys := os.DirFS("testdata/" + c.dir)
			files := c.files
			if files == nil {
				var err error
				if files, err = listFiles(fsys); err != nil {
					t.Fatal(err)
				}
			}
			got := dump(Load(fsys, files, c.opts))
			if got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}
