package tfplan

import (
	"testing"
)

// The fixtures follow Terraform's JSON output format: registry.json is a
// root whose trail and key exist only in the plan, in a registry module,
// with the account read by aws_caller_identity while planning and a key
// whose ARN is known after apply; edges.json has provider aliases, a
// module for_each, a counted key, an existing key read from its ARN, a
// deleted and a deposed object, a value the plan marks sensitive, an
// element of a list known after apply, and a resource only
// planned_values gives.

// Each instance of the plan: where its address and object are, where
// its values come from, and every value the plan marks unknown (with the
// reason and the mark's position) or sensitive.
func TestInstances(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    string
	}{
		{"registry.json", `aws_kms_alias.trail managed aws_kms_alias.trail module="" key=- from=resource_changes at=114:18-114:39 block=113:5-139:6 actions=[create]
  unknown aws_kms_alias.trail.arn (aws_kms_alias.trail.arn is known after apply) @129:18-129:22
  unknown aws_kms_alias.trail.id (aws_kms_alias.trail.id is known after apply) @130:17-130:21
  unknown aws_kms_alias.trail.target_key_arn (aws_kms_alias.trail.target_key_arn is known after apply) @131:29-131:33
  unknown aws_kms_alias.trail.target_key_id (aws_kms_alias.trail.target_key_id is known after apply) @132:28-132:32
aws_s3_bucket.logs managed aws_s3_bucket.logs module="" key=- from=resource_changes at=141:18-141:38 block=140:5-171:6 actions=[create]
  unknown aws_s3_bucket.logs.acceleration_status (aws_s3_bucket.logs.acceleration_status is known after apply) @158:34-158:38
  unknown aws_s3_bucket.logs.arn (aws_s3_bucket.logs.arn is known after apply) @159:18-159:22
  unknown aws_s3_bucket.logs.bucket_domain_name (aws_s3_bucket.logs.bucket_domain_name is known after apply) @160:33-160:37
  unknown aws_s3_bucket.logs.id (aws_s3_bucket.logs.id is known after apply) @161:17-161:21
  unknown aws_s3_bucket.logs.region (aws_s3_bucket.logs.region is known after apply) @162:21-162:25
  unknown aws_s3_bucket.logs.server_side_encryption_configuration (aws_s3_bucket.logs.server_side_encryption_configuration is known after apply) @163:51-163:55
  unknown aws_s3_bucket.logs.tags_all (aws_s3_bucket.logs.tags_all is known after apply) @164:23-164:27
data.aws_caller_identity.current data aws_caller_identity.current module="" key=- from=prior_state at=272:24-272:58 block=271:11-285:12 actions=[]
module.trail.aws_cloudtrail.this managed aws_cloudtrail.this module="module.trail" key=- from=resource_changes at=173:18-173:52 block=172:5-213:6 actions=[create]
  unknown module.trail.aws_cloudtrail.this.arn (module.trail.aws_cloudtrail.this.arn is known after apply) @201:18-201:22
  unknown module.trail.aws_cloudtrail.this.home_region (module.trail.aws_cloudtrail.this.home_region is known after apply) @202:26-202:30
  unknown module.trail.aws_cloudtrail.this.id (module.trail.aws_cloudtrail.this.id is known after apply) @203:17-203:21
  unknown module.trail.aws_cloudtrail.this.kms_key_id (module.trail.aws_cloudtrail.this.kms_key_id is known after apply) @204:25-204:29
  unknown module.trail.aws_cloudtrail.this.sns_topic_arn (module.trail.aws_cloudtrail.this.sns_topic_arn is known after apply) @205:28-205:32
  unknown module.trail.aws_cloudtrail.this.tags_all (module.trail.aws_cloudtrail.this.tags_all is known after apply) @206:23-206:27
module.trail.aws_kms_key.this managed aws_kms_key.this module="module.trail" key=- from=resource_changes at=215:18-215:49 block=214:5-252:6 actions=[create]
  unknown module.trail.aws_kms_key.this.arn (module.trail.aws_kms_key.this.arn is known after apply) @241:18-241:22
  unknown module.trail.aws_kms_key.this.id (module.trail.aws_kms_key.this.id is known after apply) @242:17-242:21
  unknown module.trail.aws_kms_key.this.key_id (module.trail.aws_kms_key.this.key_id is known after apply) @243:21-243:25
  unknown module.trail.aws_kms_key.this.rotation_period_in_days (module.trail.aws_kms_key.this.rotation_period_in_days is known after apply) @244:38-244:42
  unknown module.trail.aws_kms_key.this.tags_all (module.trail.aws_kms_key.this.tags_all is known after apply) @245:23-245:27
module.trail.data.aws_caller_identity.current data aws_caller_identity.current module="module.trail" key=- from=prior_state at=292:28-292:75 block=291:15-305:16 actions=[]
module.trail.data.aws_iam_policy_document.key data aws_iam_policy_document.key module="module.trail" key=- from=prior_state at=307:28-307:75 block=306:15-369:16 actions=[]
`},
		{"edges.json", `aws_cloudtrail.audit managed aws_cloudtrail.audit module="" key=- from=resource_changes at=17:18-17:40 block=16:5-49:6 actions=[create]
  unknown aws_cloudtrail.audit.event_selector[1] (aws_cloudtrail.audit.event_selector[1] is known after apply) @36:13-36:17
  unknown aws_cloudtrail.audit.arn (aws_cloudtrail.audit.arn is known after apply) @40:18-40:22
aws_cloudtrail_event_data_store.lake managed aws_cloudtrail_event_data_store.lake module="" key=- from=planned_values at=342:22-342:60 block=341:9-353:10 actions=[]
aws_kms_key.existing managed aws_kms_key.existing module="" key=- from=resource_changes at=51:18-51:40 block=50:5-93:6 actions=[no-op]
  sensitive aws_kms_key.existing.policy @81:21-81:206
aws_kms_key.west managed aws_kms_key.west module="" key=- from=resource_changes at=134:18-134:36 block=133:5-159:6 actions=[create]
  unknown aws_kms_key.west.arn (aws_kms_key.west.arn is known after apply) @152:18-152:22
  unknown aws_kms_key.west.id (aws_kms_key.west.id is known after apply) @153:17-153:21
  unknown aws_kms_key.west.key_id (aws_kms_key.west.key_id is known after apply) @154:21-154:25
aws_kms_key_policy.pending managed aws_kms_key_policy.pending module="" key=- from=resource_changes at=161:18-161:46 block=160:5-181:6 actions=[create]
  unknown aws_kms_key_policy.pending.key_id (aws_kms_key_policy.pending.key_id is known after apply) @175:21-175:25
  unknown aws_kms_key_policy.pending.policy (aws_kms_key_policy.pending.policy is known after apply) @176:21-176:25
aws_s3_bucket.audit managed aws_s3_bucket.audit module="" key=- from=resource_changes at=183:18-183:39 block=182:5-218:6 actions=[create]
  unknown aws_s3_bucket.audit.arn (aws_s3_bucket.audit.arn is known after apply) @212:18-212:22
  unknown aws_s3_bucket.audit.region (aws_s3_bucket.audit.region is known after apply) @213:21-213:25
aws_s3_bucket_server_side_encryption_configuration.audit managed aws_s3_bucket_server_side_encryption_configuration.audit module="" key=- from=resource_changes at=220:18-220:76 block=219:5-251:6 actions=[create]
  unknown aws_s3_bucket_server_side_encryption_configuration.audit.id (aws_s3_bucket_server_side_encryption_configuration.audit.id is known after apply) @246:17-246:21
data.aws_region.current data aws_region.current module="" key=- from=prior_state at=376:24-376:49 block=375:11-389:12 actions=[]
module.regional["eu-west-1"].aws_kms_key.k[0] managed aws_kms_key.k module="module.regional[\"eu-west-1\"]" key=number:0 from=resource_changes at=253:18-253:67 block=252:5-281:6 actions=[create]
  unknown module.regional["eu-west-1"].aws_kms_key.k[0].arn (module.regional["eu-west-1"].aws_kms_key.k[0].arn is known after apply) @274:18-274:22
  unknown module.regional["eu-west-1"].aws_kms_key.k[0].id (module.regional["eu-west-1"].aws_kms_key.k[0].id is known after apply) @275:17-275:21
  unknown module.regional["eu-west-1"].aws_kms_key.k[0].key_id (module.regional["eu-west-1"].aws_kms_key.k[0].key_id is known after apply) @276:21-276:25
module.regional["us-east-1"].aws_cloudtrail.t managed aws_cloudtrail.t module="module.regional[\"us-east-1\"]" key=- from=resource_changes at=283:18-283:67 block=282:5-306:6 actions=[create]
  unknown module.regional["us-east-1"].aws_cloudtrail.t.arn (module.regional["us-east-1"].aws_cloudtrail.t.arn is known after apply) @300:18-300:22
  unknown module.regional["us-east-1"].aws_cloudtrail.t.kms_key_id (module.regional["us-east-1"].aws_cloudtrail.t.kms_key_id is known after apply) @301:25-301:29
module.regional["us-east-1"].aws_kms_key.k[0] managed aws_kms_key.k module="module.regional[\"us-east-1\"]" key=number:0 from=resource_changes at=308:18-308:67 block=307:5-336:6 actions=[create]
  unknown module.regional["us-east-1"].aws_kms_key.k[0].arn (module.regional["us-east-1"].aws_kms_key.k[0].arn is known after apply) @329:18-329:22
  unknown module.regional["us-east-1"].aws_kms_key.k[0].id (module.regional["us-east-1"].aws_kms_key.k[0].id is known after apply) @330:17-330:21
  unknown module.regional["us-east-1"].aws_kms_key.k[0].key_id (module.regional["us-east-1"].aws_kms_key.k[0].key_id is known after apply) @331:21-331:25
`},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			p := readFixture(t, tc.fixture, Options{})
			if len(p.Diagnostics) > 0 {
				t.Errorf("diagnostics:\n%s", diagText(p.Diagnostics))
			}
			if got := dumpModel(p); got != tc.want {
				t.Errorf("instances:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// The graph resources of the types the analysis reads: properties with
// their ranges in the plan file (a policy's statements at their
// characters inside the JSON string), absent where the configuration does
// not write them, unknowns with the reason the plan gives for what
// decides them, edges from the configuration's references through module
// outputs, variables and counted instances, and the region, account and
// partition from an ARN, a region attribute, a provider's constant or
// variable, or the data sources read while planning.
func TestResources(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    string
	}{
		{"registry.json", `plan:aws_kms_alias.trail aws_kms_alias "alias" header 114:18-114:39 block 113:5-139:6
  name: name = "alias/trail" @125:19-125:32 attr 125:11-125:32
  target key: target_key_id = unknown(module.trail.aws_kms_key.this.arn is known after apply) @132:28-132:32 refs plan:module.trail.aws_kms_key.this.arn attr 132:11-132:32
  region "eu-west-1" @9:16-9:27 from provider "aws" in the plan, from var.region
  account "111122223333" @279:29-279:43
  partition "aws" @-
  data aws_caller_identity=current
plan:aws_s3_bucket.logs aws_s3_bucket "bucket" header 141:18-141:38 block 140:5-171:6
  name: bucket = "acme-trail-logs" @152:21-152:38 attr 152:11-152:38
  region "eu-west-1" @9:16-9:27 from provider "aws" in the plan, from var.region
  account "111122223333" @279:29-279:43
  partition "aws" @-
  data aws_caller_identity=current
plan:module.trail.aws_cloudtrail.this aws_cloudtrail "trail" header 173:18-173:52 block 172:5-213:6 call 445:9-445:16 key-arn
  bucket: s3_bucket_name = "acme-trail-logs" @195:29-195:46 refs plan:aws_s3_bucket.logs.id attr 195:11-195:46
  kms key: kms_key_id = unknown(module.trail.aws_kms_key.this.arn is known after apply) @204:25-204:29 refs plan:module.trail.aws_kms_key.this.arn attr 204:11-204:29
  name: name = "org-trail" @194:19-194:30 attr 194:11-194:30
  org trail: is_organization_trail = absent attr -
  region "eu-west-1" @9:16-9:27 from provider "aws" in the plan, from var.region
  account "111122223333" @279:29-279:43
  partition "aws" @-
  data aws_caller_identity=current
plan:module.trail.aws_kms_key.this aws_kms_key "key" header 215:18-215:49 block 214:5-252:6 call 445:9-445:16
  enabled: is_enabled = absent attr -
  key spec: customer_master_key_spec = absent attr -
  key usage: key_usage = absent attr -
  multi region: multi_region = absent attr -
  policy: policy = map{Version,Statement} @236:22-236:559 refs plan:module.trail.data.aws_iam_policy_document.key.json attr 236:11-236:560
    statement "EnableIAMUserPermissions" @236:99-236:127 236:81-236:309
    statement "AllowCloudTrailDescribe" @236:334-236:361 236:316-236:551
  rotation: enable_key_rotation = true @232:34-232:38 attr 232:11-232:38
  region "eu-west-1" @9:16-9:27 from provider "aws" in the plan, from var.region
  account "111122223333" @279:29-279:43
  partition "aws" @-
  data aws_caller_identity=current
plan:module.trail.data.aws_iam_policy_document.key aws_iam_policy_document "policy document" header 307:28-307:75 block 306:15-369:16 call 445:9-445:16
  policy: json = map{Version,Statement} @315:28-315:565 attr 315:19-315:566
    statement "EnableIAMUserPermissions" @315:105-315:133 315:87-315:315
    statement "AllowCloudTrailDescribe" @315:340-315:367 315:322-315:557
  region "eu-west-1" @9:16-9:27 from provider "aws" in the plan, from var.region
  account "111122223333" @279:29-279:43
  partition "aws" @-
  data aws_caller_identity=current
`},
		{"edges.json", `plan:aws_cloudtrail.audit aws_cloudtrail "trail" header 17:18-17:40 block 16:5-49:6 key-arn
  bucket: s3_bucket_name = "audit-logs" @29:29-29:41 refs plan:aws_s3_bucket.audit.bucket attr 29:11-29:41
  kms key: kms_key_id = null @30:25-30:29 attr 30:11-30:29
  name: name = "audit" @28:19-28:26 attr 28:11-28:26
  org trail: is_organization_trail = true @31:36-31:40 attr 31:11-31:40
  region "${region of provider aws.audit in plan}" why(the plan does not tell the region of provider aws.audit) @- from provider "aws" (alias "audit")
  account "${account of provider aws.audit in plan}" @-
  partition "${partition of provider aws.audit in plan}" @-
  data aws_region=current
plan:aws_cloudtrail_event_data_store.lake aws_cloudtrail_event_data_store "event data store" header 342:22-342:60 block 341:9-353:10
  kms key: kms_key_id = unknown(aws_cloudtrail_event_data_store.lake.kms_key_id is not in the plan) @342:22-342:60 refs plan:aws_kms_key.existing.arn attr 342:22-342:60
  name: name = "lake" @349:21-349:27 attr 349:13-349:27
  region "ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
  data aws_region=current
plan:aws_kms_key.existing aws_kms_key "key" header 51:18-51:40 block 50:5-93:6
  enabled: is_enabled = absent attr -
  key spec: customer_master_key_spec = absent attr -
  key usage: key_usage = absent attr -
  multi region: multi_region = absent attr -
  policy: policy = map{Version,Statement} @81:22-81:205 attr 81:11-81:206
    statement "Root" @81:74-81:82 81:65-81:203
  rotation: enable_key_rotation = true @76:34-76:38 attr 76:11-76:38
  region "us-gov-west-1" @74:18-74:106 from the ARN of aws_kms_key.existing in the plan
  account "444455556666" @74:18-74:106
  partition "aws-us-gov" @74:18-74:106
  data aws_region=current
plan:aws_kms_key.west aws_kms_key "key" header 134:18-134:36 block 133:5-159:6
  enabled: is_enabled = false @146:25-146:30 attr 146:11-146:30
  key spec: customer_master_key_spec = "RSA_2048" @145:39-145:49 attr 145:11-145:49
  key usage: key_usage = "SIGN_VERIFY" @147:24-147:37 attr 147:11-147:37
  multi region: multi_region = absent attr -
  policy: policy = map{Version,Statement} @148:22-148:205 attr 148:11-148:206
    statement "Root" @148:74-148:82 148:65-148:203
  rotation: enable_key_rotation = absent attr -
  region "us-west-2" @422:31-422:42 from provider "aws" (alias "west") in the plan
  account "${account of provider aws.west in plan}" @-
  partition "aws" @-
  data aws_region=current
plan:aws_kms_key_policy.pending aws_kms_key_policy "key policy" header 161:18-161:46 block 160:5-181:6
  policy: policy = unknown(aws_kms_key.west.arn is known after apply) @176:21-176:25 refs plan:aws_kms_key.west.arn attr 176:11-176:25
  target key: key_id = unknown(aws_kms_key.west.id is known after apply) @175:21-175:25 refs plan:aws_kms_key.west.id attr 175:11-175:25
  region "ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
  data aws_region=current
plan:aws_s3_bucket.audit aws_s3_bucket "bucket" header 183:18-183:39 block 182:5-218:6
  bucket key: bucket_key_enabled = true @205:41-205:45 attr 205:19-205:45
  name: bucket = "audit-logs" @194:21-194:33 attr 194:11-194:33
  sse algorithm: sse_algorithm = "aws:kms" @202:40-202:49 attr 202:23-202:49
  region "ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
  data aws_region=current
plan:aws_s3_bucket_server_side_encryption_configuration.audit aws_s3_bucket_server_side_encryption_configuration "bucket encryption" header 220:18-220:76 block 219:5-251:6
  bucket: bucket = "audit-logs" @231:21-231:33 refs plan:aws_s3_bucket.audit.id attr 231:11-231:33
  sse algorithm: sse_algorithm = "AES256" @238:36-238:44 attr 238:19-238:44
  region "ap-southeast-2" @386:23-386:39 from data.aws_region.current in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
  data aws_region=current
plan:module.regional["eu-west-1"].aws_kms_key.k[0] aws_kms_key "key" header 253:18-253:67 block 252:5-281:6 call 601:9-601:19
  enabled: is_enabled = absent attr -
  key spec: customer_master_key_spec = absent attr -
  key usage: key_usage = absent attr -
  multi region: multi_region = absent attr -
  policy: policy = map{Version,Statement} @270:22-270:385 attr 270:11-270:386
    statement "Root" @270:74-270:82 270:65-270:203
    statement "CloudTrail" @270:213-270:227 270:204-270:383
  rotation: enable_key_rotation = absent attr -
  region "eu-west-1" @271:21-271:32 from module.regional["eu-west-1"].aws_kms_key.k[0].region in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
plan:module.regional["us-east-1"].aws_cloudtrail.t aws_cloudtrail "trail" header 283:18-283:67 block 282:5-306:6 call 601:9-601:19 key-arn
  bucket: s3_bucket_name = "audit-logs" @296:29-296:41 attr 296:11-296:41
  kms key: kms_key_id = unknown(module.regional["us-east-1"].aws_kms_key.k[0].arn is known after apply) @301:25-301:29 refs plan:module.regional["us-east-1"].aws_kms_key.k[0].arn attr 301:11-301:29
  name: name = "regional-us-east-1" @295:19-295:39 attr 295:11-295:39
  org trail: is_organization_trail = absent attr -
  region "us-east-1" @297:21-297:32 from module.regional["us-east-1"].aws_cloudtrail.t.region in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
plan:module.regional["us-east-1"].aws_kms_key.k[0] aws_kms_key "key" header 308:18-308:67 block 307:5-336:6 call 601:9-601:19
  enabled: is_enabled = absent attr -
  key spec: customer_master_key_spec = absent attr -
  key usage: key_usage = absent attr -
  multi region: multi_region = absent attr -
  policy: policy = map{Version,Statement} @325:22-325:385 attr 325:11-325:386
    statement "Root" @325:74-325:82 325:65-325:203
    statement "CloudTrail" @325:213-325:227 325:204-325:383
  rotation: enable_key_rotation = absent attr -
  region "us-east-1" @326:21-326:32 from module.regional["us-east-1"].aws_kms_key.k[0].region in the plan
  account "${account of provider aws in plan}" @-
  partition "aws" @-
`},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			p := readFixture(t, tc.fixture, Options{})
			got := ""
			for _, r := range p.Resources() {
				got += dumpResource(r)
			}
			if got != tc.want {
				t.Errorf("resources:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
