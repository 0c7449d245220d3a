package gen

import (
	"fmt"
	"strings"
)

// The pieces of trees whose units name each other: Terraform root modules
// and CloudFormation templates that declare a bucket, its encryption
// settings, a key, its policy, an alias, a replica or a trail, and refer to
// those of other units by name, by bucket name, by export. Links writes
// them with the findings they must give; Cross writes them as a byte
// string chooses, for fuzzing.

// keyPolicy is a key policy the generator writes: which statements it
// has, and what their conditions ask.
type keyPolicy struct {
	// noDescribe leaves out the kms:DescribeKey grant to CloudTrail: TL010.
	noDescribe bool
	// open leaves the encrypt grant without a condition: TL013. Otherwise
	// it is scoped to the account's trails by encryption context, which
	// a trail of another Terraform root cannot be told to match.
	open bool
	// s3 is the pattern a StringLike condition on the S3 encryption
	// context (kms:EncryptionContext:aws:s3:arn) asks of the log files'
	// ARN, "" for none: with an S3 Bucket Key the context is the bucket's
	// ARN, without one an object's.
	s3 string
}

// tfEncryption is an aws_s3_bucket_server_side_encryption_configuration.
type tfEncryption struct {
	// bucket is the expression that names the bucket:
	// aws_s3_bucket.logs.id, a quoted name, data.aws_s3_bucket.shared.id.
	bucket string
	// bucketKey is the bucket_key_enabled expression, "" when absent.
	bucketKey string
	sse       string // sse_algorithm
}

// tfRoot is a Terraform root module of such a tree.
type tfRoot struct {
	region string
	// bucket is the name of aws_s3_bucket.logs, "" for none; inline is
	// its own server_side_encryption_configuration block's
	// bucket_key_enabled, "" for no block.
	bucket, inline string
	// shared is the bucket a data source reads, "" for none.
	shared string
	enc    *tfEncryption
	// key is the policy of aws_kms_key.trail, nil for no key; apart sets
	// it with an aws_kms_key_policy instead, beside the key's own good
	// one; alias names the key.
	key      *keyPolicy
	apart    bool
	alias    string
	noRotate bool
	// trailKey and trailBucket are the trail's kms_key_id and
	// s3_bucket_name expressions, "" for no trail.
	trailKey, trailBucket string
}

// hcl writes the root module's main.tf.
func (r tfRoot) hcl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"aws\" {\n  region = %q\n}\n\ndata \"aws_caller_identity\" \"current\" {}\n", r.region)
	if r.bucket != "" {
		fmt.Fprintf(&b, "\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = %q\n", r.bucket)
		if r.inline != "" {
			fmt.Fprintf(&b, "  server_side_encryption_configuration {\n    rule {\n      bucket_key_enabled = %s\n"+
				"      apply_server_side_encryption_by_default {\n        sse_algorithm = \"aws:kms\"\n      }\n    }\n  }\n", r.inline)
		}
		b.WriteString("}\n")
	}
	if r.shared != "" {
		fmt.Fprintf(&b, "\ndata \"aws_s3_bucket\" \"shared\" {\n  bucket = %q\n}\n", r.shared)
	}
	if e := r.enc; e != nil {
		fmt.Fprintf(&b, "\nresource \"aws_s3_bucket_server_side_encryption_configuration\" \"logs\" {\n  bucket = %s\n  rule {\n", e.bucket)
		if e.bucketKey != "" {
			fmt.Fprintf(&b, "    bucket_key_enabled = %s\n", e.bucketKey)
		}
		fmt.Fprintf(&b, "    apply_server_side_encryption_by_default {\n      sse_algorithm = %q\n    }\n  }\n}\n", e.sse)
	}
	if r.key != nil {
		own := *r.key
		if r.apart {
			own = keyPolicy{}
		}
		fmt.Fprintf(&b, "\nresource \"aws_kms_key\" \"trail\" {\n  enable_key_rotation = %t\n  policy = %s\n}\n", !r.noRotate, own.hcl())
		if r.apart {
			fmt.Fprintf(&b, "\nresource \"aws_kms_key_policy\" \"trail\" {\n  key_id = aws_kms_key.trail.id\n  policy = %s\n}\n", r.key.hcl())
		}
		if r.alias != "" {
			fmt.Fprintf(&b, "\nresource \"aws_kms_alias\" \"trail\" {\n  name          = %q\n  target_key_id = aws_kms_key.trail.key_id\n}\n", r.alias)
		}
	}
	if r.trailKey != "" {
		fmt.Fprintf(&b, "\nresource \"aws_cloudtrail\" \"main\" {\n  name           = \"main\"\n  s3_bucket_name = %s\n  kms_key_id     = %s\n}\n",
			r.trailBucket, r.trailKey)
	}
	return b.String()
}

// hcl writes the policy as jsonencode() of an HCL object, one statement a
// line.
func (p keyPolicy) hcl() string {
	const account = "${data.aws_caller_identity.current.account_id}"
	var b strings.Builder
	b.WriteString("jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n")
	fmt.Fprintf(&b, "      { Sid = \"Root\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::%s:root\" }, Action = \"kms:*\", Resource = \"*\" },\n", account)
	if !p.noDescribe {
		b.WriteString("      { Sid = \"Describe\", Effect = \"Allow\", Principal = { Service = \"cloudtrail.amazonaws.com\" }, Action = \"kms:DescribeKey\", Resource = \"*\" },\n")
	}
	var like []string
	if !p.open {
		like = append(like, fmt.Sprintf("\"kms:EncryptionContext:aws:cloudtrail:arn\" = \"arn:aws:cloudtrail:*:%s:trail/*\"", account))
	}
	if p.s3 != "" {
		like = append(like, fmt.Sprintf("\"kms:EncryptionContext:aws:s3:arn\" = %q", p.s3))
	}
	cond := ""
	if len(like) > 0 {
		cond = ", Condition = { StringLike = { " + strings.Join(like, ", ") + " } }"
	}
	fmt.Fprintf(&b, "      { Sid = \"Encrypt\", Effect = \"Allow\", Principal = { Service = \"cloudtrail.amazonaws.com\" }, Action = \"kms:GenerateDataKey*\", Resource = \"*\"%s },\n", cond)
	fmt.Fprintf(&b, "      { Sid = \"Read\", Effect = \"Allow\", Principal = { AWS = \"arn:aws:iam::%s:role/Auditor\" }, Action = \"kms:Decrypt\", Resource = \"*\", "+
		"Condition = { Null = { \"kms:EncryptionContext:aws:cloudtrail:arn\" = \"false\" } } },\n", account)
	b.WriteString("    ]\n  })")
	return b.String()
}

// cfnTemplate is a CloudFormation template of such a tree.
type cfnTemplate struct {
	// key is the policy of the key Key, nil for none; export names the
	// export of its ARN, alias its alias.
	key           *keyPolicy
	noRotate      bool
	export, alias string
	// replicaOf is the export of the primary key whose replica Replica
	// the template declares, "" for none.
	replicaOf string
	// bucket is the name of the bucket Bucket, "" for none; bucketKey
	// its BucketKeyEnabled, "" for no BucketEncryption.
	bucket, bucketKey string
	// trailKey and trailBucket are the trail's KMSKeyId and S3BucketName,
	// nil for no trail; store makes it an event data store (no bucket).
	trailKey, trailBucket any
	store                 bool
}

// doc builds the template.
func (c cfnTemplate) doc() obj {
	var res, outs obj
	if c.key != nil {
		res = append(res, kv{"Key", obj{{"Type", "AWS::KMS::Key"}, {"Properties", obj{
			{"EnableKeyRotation", !c.noRotate},
			{"KeyPolicy", c.key.cfn()},
		}}}})
		if c.alias != "" {
			res = append(res, kv{"Alias", obj{{"Type", "AWS::KMS::Alias"}, {"Properties", obj{
				{"AliasName", c.alias}, {"TargetKeyId", fn{"Ref", "Key"}},
			}}}})
		}
		if c.export != "" {
			outs = append(outs, kv{"KeyArn", obj{{"Value", fn{"Fn::GetAtt", "Key.Arn"}}, {"Export", obj{{"Name", c.export}}}}})
		}
	}
	if c.replicaOf != "" {
		res = append(res, kv{"Replica", obj{{"Type", "AWS::KMS::ReplicaKey"}, {"Properties", obj{
			{"PrimaryKeyArn", fn{"Fn::ImportValue", c.replicaOf}},
			{"KeyPolicy", keyPolicy{}.cfn()},
		}}}})
	}
	if c.bucket != "" {
		props := obj{{"BucketName", c.bucket}}
		if c.bucketKey != "" {
			props = append(props, kv{"BucketEncryption", obj{{"ServerSideEncryptionConfiguration", []any{obj{
				{"BucketKeyEnabled", c.bucketKey == "true"},
				{"ServerSideEncryptionByDefault", obj{{"SSEAlgorithm", "aws:kms"}}},
			}}}}})
		}
		res = append(res, kv{"Bucket", obj{{"Type", "AWS::S3::Bucket"}, {"Properties", props}}})
	}
	switch {
	case c.trailKey != nil && c.store:
		res = append(res, kv{"Store", obj{{"Type", "AWS::CloudTrail::EventDataStore"}, {"Properties", obj{{"KmsKeyId", c.trailKey}}}}})
	case c.trailKey != nil:
		res = append(res, kv{"Trail", obj{{"Type", "AWS::CloudTrail::Trail"}, {"Properties", obj{
			{"IsLogging", true}, {"S3BucketName", c.trailBucket}, {"KMSKeyId", c.trailKey},
		}}}})
	}
	doc := obj{{"AWSTemplateFormatVersion", "2010-09-09"}, {"Resources", res}}
	if len(outs) > 0 {
		doc = append(doc, kv{"Outputs", outs})
	}
	return doc
}

// text writes the template as YAML, or as JSON when the file says so.
func (c cfnTemplate) text(file string) string {
	var b strings.Builder
	if strings.HasSuffix(file, ".json") {
		jsonOf(&b, c.doc(), 0)
		b.WriteString("\n")
	} else {
		yamlOf(&b, c.doc(), 0)
	}
	return b.String()
}

// cfn writes the policy as a template's mapping.
func (p keyPolicy) cfn() obj {
	sub := func(s string) fn { return fn{"Fn::Sub", s} }
	service := obj{{"Service", "cloudtrail.amazonaws.com"}}
	stmts := []any{obj{{"Sid", "Root"}, {"Effect", "Allow"},
		{"Principal", obj{{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")}}},
		{"Action", "kms:*"}, {"Resource", "*"}}}
	if !p.noDescribe {
		stmts = append(stmts, obj{{"Sid", "Describe"}, {"Effect", "Allow"}, {"Principal", service},
			{"Action", "kms:DescribeKey"}, {"Resource", "*"}})
	}
	encrypt := obj{{"Sid", "Encrypt"}, {"Effect", "Allow"}, {"Principal", service},
		{"Action", "kms:GenerateDataKey*"}, {"Resource", "*"}}
	var like obj
	if !p.open {
		like = append(like, kv{"kms:EncryptionContext:aws:cloudtrail:arn", sub("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*")})
	}
	if p.s3 != "" {
		like = append(like, kv{"kms:EncryptionContext:aws:s3:arn", p.s3})
	}
	if len(like) > 0 {
		encrypt = append(encrypt, kv{"Condition", obj{{"StringLike", like}}})
	}
	stmts = append(stmts, encrypt, obj{{"Sid", "Read"}, {"Effect", "Allow"},
		{"Principal", obj{{"AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/Auditor")}}},
		{"Action", "kms:Decrypt"}, {"Resource", "*"},
		{"Condition", obj{{"Null", obj{{"kms:EncryptionContext:aws:cloudtrail:arn", "false"}}}}}})
	return obj{{"Version", "2012-10-17"}, {"Statement", stmts}}
}

// Pools of names the units of Cross choose from: few, so that units often
// name what another declares, and sometimes declare the same name twice.
var (
	crossBuckets = []string{"cross-a", "cross-b", "cross-c"}
	crossAliases = []string{"alias/cross-a", "alias/cross-b", "alias/cross-c"}
	crossExports = []string{"cross-a-key", "cross-b-key", "cross-c-key"}
)

// CrossUnit is the size, in bytes of choices, of one unit of Cross.
const CrossUnit = 4

// Cross builds a tree of Terraform root modules and CloudFormation
// templates that name each other's buckets, encryption settings, keys,
// key policies, aliases, replicas and exports, as choices says: CrossUnit
// bytes a unit, eight units at most. Its findings are not known (Want is
// empty): it serves to check that two ways of analysing it agree.
//
// The bits of a unit's bytes c0 c1 c2 c3, from the lowest:
//
//	c0: 1 CloudFormation template (else Terraform root), 1 JSON template
//	    or eu-west-1 root (else YAML, us-east-1), 2 bucket (0 none, else
//	    the name), 2 bucket's own Bucket Key (0 none, 1 on, 2 off, 3 none)
//	Terraform:
//	c1: 2 encryption settings apart (0 none, 1 for its bucket by
//	    reference, 2 by name, 3 for a bucket a data source reads), 2 that
//	    name, 2 bucket_key_enabled (0 absent, 1 true, 2 false, 3 true), 1
//	    AES256 (else aws:kms)
//	c2: 2 key (0 none, 1 with its policy, 2 with a policy set apart, 3
//	    with its policy), 2 policy (0 good, 1 no DescribeKey, 2 and 3 an
//	    encryption context condition on objects or on the bucket), 2 the
//	    bucket that condition names, 2 alias (0 none, else the name)
//	c3: 2 trail (0 none, 1 its key by reference, else by the alias's
//	    ARN, 3 by its name), 2 that alias, 2 the trail's bucket (0 its
//	    own by reference, else by name), 1 rotation off, 1 open grant
//	CloudFormation:
//	c1: 2 key (0 none, 1 with an alias, 2 exported, 3 a replica of an
//	    import), 2 that export, 2 that alias, 2 unused
//	c2: 2 unused, 4 policy as Terraform's, 1 rotation off, 1 open grant
//	c3: 2 trail (0 none, 1 an import, 2 an alias name, 3 its own key),
//	    2 that import or alias, 2 the trail's bucket (0 its own, else by
//	    name), 1 an event data store, 1 unused
func Cross(choices []byte) *Tree {
	t := &Tree{Files: map[string][]byte{}}
	for i := 0; i+CrossUnit <= len(choices) && i < 8*CrossUnit; i += CrossUnit {
		c := choices[i : i+CrossUnit]
		if c[0]&1 == 0 {
			t.crossRoot(i/CrossUnit, c)
		} else {
			t.crossTemplate(i/CrossUnit, c)
		}
	}
	return t
}

// bits returns n bits of b from the shift'th.
func bits(b byte, shift, n uint) int { return int(b>>shift) & (1<<n - 1) }

// pool picks from names: 0 is none, others wrap around.
func pool(names []string, k int) string {
	if k == 0 {
		return ""
	}
	return names[(k-1)%len(names)]
}

// crossPolicy reads a key policy from c (the layout of c2).
func crossPolicy(c byte, open bool) *keyPolicy {
	p := &keyPolicy{open: open}
	bucket := pool(crossBuckets, 1+bits(c, 4, 2))
	switch bits(c, 2, 2) {
	case 1:
		p.noDescribe = true
	case 2:
		p.s3 = "arn:aws:s3:::" + bucket + "/*"
	case 3:
		p.s3 = "arn:aws:s3:::" + bucket
	}
	return p
}

func (t *Tree) crossRoot(i int, c []byte) {
	r := tfRoot{region: "us-east-1", bucket: pool(crossBuckets, bits(c[0], 2, 2))}
	if bits(c[0], 1, 1) == 1 {
		r.region = "eu-west-1"
	}
	if r.bucket != "" {
		r.inline = [...]string{"", "true", "false", ""}[bits(c[0], 4, 2)]
	}
	named := fmt.Sprintf("%q", pool(crossBuckets, 1+bits(c[1], 2, 2)))
	if kind := bits(c[1], 0, 2); kind > 0 {
		e := &tfEncryption{bucket: named, sse: "aws:kms", bucketKey: [...]string{"", "true", "false", "true"}[bits(c[1], 4, 2)]}
		switch {
		case kind == 1 && r.bucket != "":
			e.bucket = "aws_s3_bucket.logs.id"
		case kind == 3:
			r.shared = pool(crossBuckets, 1+bits(c[1], 2, 2))
			e.bucket = "data.aws_s3_bucket.shared.id"
		}
		if bits(c[1], 6, 1) == 1 {
			e.sse = "AES256"
		}
		r.enc = e
	}
	if k := bits(c[2], 0, 2); k > 0 {
		r.key = crossPolicy(c[2], bits(c[3], 7, 1) == 1)
		r.apart = k == 2
		r.alias = pool(crossAliases, bits(c[2], 6, 2))
		r.noRotate = bits(c[3], 6, 1) == 1
	}
	alias := pool(crossAliases, 1+bits(c[3], 2, 2))
	switch bits(c[3], 0, 2) {
	case 1:
		r.trailKey = fmt.Sprintf("%q", alias)
		if r.key != nil {
			r.trailKey = "aws_kms_key.trail.arn"
		}
	case 2:
		r.trailKey = fmt.Sprintf("%q", "arn:aws:kms:"+r.region+":111122223333:"+alias)
	case 3:
		r.trailKey = fmt.Sprintf("%q", alias)
	}
	r.trailBucket = fmt.Sprintf("%q", pool(crossBuckets, 1+bits(c[3], 4, 2)))
	if bits(c[3], 4, 2) == 0 && r.bucket != "" {
		r.trailBucket = "aws_s3_bucket.logs.id"
	}
	if r.trailKey != "" {
		t.Trails++
	}
	t.Files[fmt.Sprintf("cross/r%d/main.tf", i)] = []byte(r.hcl())
}

func (t *Tree) crossTemplate(i int, c []byte) {
	file := fmt.Sprintf("cross/s%d.yaml", i)
	if bits(c[0], 1, 1) == 1 {
		file = fmt.Sprintf("cross/s%d.json", i)
	}
	s := cfnTemplate{bucket: pool(crossBuckets, bits(c[0], 2, 2))}
	if s.bucket != "" {
		s.bucketKey = [...]string{"", "true", "false", ""}[bits(c[0], 4, 2)]
	}
	export := pool(crossExports, 1+bits(c[1], 2, 2))
	switch bits(c[1], 0, 2) {
	case 1:
		s.key = crossPolicy(c[2], bits(c[2], 7, 1) == 1)
		s.alias = pool(crossAliases, 1+bits(c[1], 4, 2))
	case 2:
		s.key = crossPolicy(c[2], bits(c[2], 7, 1) == 1)
		s.export = export
	case 3:
		s.replicaOf = export
	}
	s.noRotate = bits(c[2], 6, 1) == 1
	var own any
	switch {
	case s.key != nil:
		own = fn{"Fn::GetAtt", "Key.Arn"}
	case s.replicaOf != "":
		own = fn{"Fn::GetAtt", "Replica.Arn"}
	default:
		own = pool(crossAliases, 1+bits(c[3], 2, 2))
	}
	switch bits(c[3], 0, 2) {
	case 1:
		s.trailKey = fn{"Fn::ImportValue", pool(crossExports, 1+bits(c[3], 2, 2))}
	case 2:
		s.trailKey = pool(crossAliases, 1+bits(c[3], 2, 2))
	case 3:
		s.trailKey = own
	}
	s.trailBucket = pool(crossBuckets, 1+bits(c[3], 4, 2))
	if bits(c[3], 4, 2) == 0 && s.bucket != "" {
		s.trailBucket = fn{"Ref", "Bucket"}
	}
	s.store = bits(c[3], 6, 1) == 1
	if s.trailKey != nil {
		t.Trails++
	}
	t.Files[file] = []byte(s.text(file))
}

// CrossSeed is a choice of units for Cross in which the trails' findings
// depend on what other units declare.
type CrossSeed struct {
	Name    string
	Choices []byte
}

// CrossSeeds are choices for Cross that cover every kind of lookup across
// units, in both formats and from one to the other: a start for fuzzing.
func CrossSeeds() []CrossSeed {
	return []CrossSeed{
		// A root's bucket, key (its policy conditioned on object ARNs)
		// and trail; another sets the bucket's encryption by its name,
		// with an S3 Bucket Key.
		{"encryption by bucket name", []byte{0x04, 0x00, 0x09, 0x01, 0x00, 0x12, 0x00, 0x00}},
		// The bucket in one root, the trail naming it in a second, the
		// bucket's encryption by its name in a third.
		{"encryption through a bucket by name", []byte{0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x00, 0x12, 0x00, 0x00}},
		// Encryption settings of a bucket a data source reads.
		{"encryption tied to no bucket", []byte{0x04, 0x00, 0x09, 0x01, 0x00, 0x17, 0x00, 0x00}},
		// A key whose policy, set apart, lacks DescribeKey and scopes
		// nothing, and its alias; a trail of another root names the alias
		// by its ARN.
		{"alias and key policy", []byte{0x00, 0x00, 0x46, 0x80, 0x08, 0x00, 0x00, 0x02}},
		// A bucket in eu-west-1; a trail of another root in us-east-1
		// names it.
		{"bucket by name", []byte{0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01}},
		// A template exports a key without DescribeKey; another's trail
		// imports it.
		{"import", []byte{0x01, 0x02, 0x04, 0x00, 0x09, 0x00, 0x00, 0x01}},
		// A template exports a key that does not rotate; another, in
		// JSON, has a replica of it for its trail.
		{"replica of an import", []byte{0x01, 0x02, 0x40, 0x00, 0x0b, 0x03, 0x00, 0x03}},
		// A template's alias of a key without DescribeKey; another's
		// trail names the alias.
		{"alias by name", []byte{0x01, 0x01, 0x04, 0x00, 0x09, 0x00, 0x00, 0x02}},
		// A template's bucket with an S3 Bucket Key; another's trail
		// names it, with a key conditioned on object ARNs.
		{"bucket with a Bucket Key by name", []byte{0x15, 0x00, 0x00, 0x00, 0x01, 0x11, 0x08, 0x03}},
		// An event data store imports a key without DescribeKey.
		{"event data store import", []byte{0x01, 0x02, 0x04, 0x00, 0x01, 0x00, 0x00, 0x41}},
		// A Terraform trail names by its ARN the alias a template
		// declares.
		{"alias across formats", []byte{0x01, 0x01, 0x04, 0x00, 0x08, 0x00, 0x00, 0x02}},
		// Two templates declare the same alias, one of a key without
		// DescribeKey; a Terraform trail names it.
		{"alias declared twice", []byte{0x01, 0x01, 0x04, 0x00, 0x01, 0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x02}},
	}
}
