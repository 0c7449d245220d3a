package gen

import "fmt"

// Link is a kind of lookup across units: a trail's unit names something
// another unit declares, and the finding depends on it.
type Link int

// The kinds of links, one per lookup by name that crosses units, in the
// order Config.Links cycles through them.
const (
	// LinkAlias: a Terraform trail names by its ARN an alias another root
	// declares; that root's key policy has an open encrypt grant (TL013).
	LinkAlias Link = iota
	// LinkBucket: a Terraform trail names by its name a bucket another
	// root declares in another region (TL020).
	LinkBucket
	// LinkEncryption: another root sets the encryption of a trail's
	// bucket, by the bucket's name, with an S3 Bucket Key, which the key
	// policy's condition on object ARNs refuses (TL011).
	LinkEncryption
	// LinkEncryptionChain: the same, for a bucket the trail names by its
	// name in a third root: only the bucket leads to the settings (TL011).
	LinkEncryptionChain
	// LinkUntied: another root sets, with an S3 Bucket Key, the
	// encryption of a bucket it reads from a data source, which may be the
	// trail's: the condition on object ARNs cannot be decided (TL030).
	LinkUntied
	// LinkKeyPolicy: a Terraform trail names by its ARN an alias another
	// root declares, whose key's policy is set there apart from the key,
	// without DescribeKey and with an open encrypt grant (TL010, TL013).
	LinkKeyPolicy
	// LinkImport: a template's trail imports the key another exports,
	// whose policy lacks DescribeKey (TL010).
	LinkImport
	// LinkReplica: a template's trail uses a replica of the key another
	// template exports, whose rotation is off (TL023).
	LinkReplica
	// LinkAliasName: a template's trail names by its name an alias
	// another template declares, whose key's policy lacks DescribeKey
	// (TL010).
	LinkAliasName
	// LinkBucketName: a template's trail names by its name a bucket with
	// an S3 Bucket Key another template declares, which the key policy's
	// condition on object ARNs refuses (TL011).
	LinkBucketName
	links
)

// Links lists every kind of link.
func Links() []Link {
	out := make([]Link, links)
	for i := range out {
		out[i] = Link(i)
	}
	return out
}

func (l Link) String() string {
	return [...]string{"alias", "bucket", "encryption", "encryption-chain", "untied", "key-policy",
		"import", "replica", "alias-name", "bucket-name"}[l]
}

// LinkTree builds a tree of one link group of each kind given, in order.
func LinkTree(kinds ...Link) *Tree {
	t := &Tree{Files: map[string][]byte{}}
	for i, l := range kinds {
		t.link(i, l)
	}
	sortWant(t.Want)
	return t
}

// LinkDir is the directory of link group i.
func LinkDir(i int) string { return fmt.Sprintf("links/l%03d", i) }

// link writes link group i, of kind l, and the findings it gives. The
// trail's unit alone gives none of them: each comes from the other units.
func (t *Tree) link(i int, l Link) {
	dir := LinkDir(i)
	name := fmt.Sprintf("gen-l%03d", i)
	logs := name + "-logs"
	alias := "alias/" + name
	aliasARN := fmt.Sprintf("%q", "arn:aws:kms:us-east-1:111122223333:"+alias)
	objects := keyPolicy{s3: "arn:aws:s3:::" + logs + "/*"}
	tf := func(role string, r tfRoot) string {
		if r.region == "" {
			r.region = "us-east-1"
		}
		if r.trailKey != "" {
			t.Trails++
		}
		f := dir + "/" + role + "/main.tf"
		t.Files[f] = []byte(r.hcl())
		return f
	}
	cfn := func(file string, c cfnTemplate) string {
		if c.trailKey != nil {
			t.Trails++
		}
		f := dir + "/" + file
		t.Files[f] = []byte(c.text(f))
		return f
	}
	const keyPolicyAt, statementAt = "policy = jsonencode", `{ Sid = "Encrypt"`
	switch l {
	case LinkAlias:
		a := tf("keys", tfRoot{key: &keyPolicy{open: true}, alias: alias})
		tf("trail", tfRoot{bucket: logs, trailKey: aliasARN, trailBucket: "aws_s3_bucket.logs.id"})
		t.want("TL013", a, statementAt)
	case LinkBucket:
		tf("bucket", tfRoot{region: "eu-west-1", bucket: logs})
		b := tf("trail", tfRoot{key: &keyPolicy{}, trailKey: "aws_kms_key.trail.arn", trailBucket: fmt.Sprintf("%q", logs)})
		t.want("TL020", b, "kms_key_id")
	case LinkEncryption:
		a := tf("trail", tfRoot{bucket: logs, key: &objects, trailKey: "aws_kms_key.trail.arn", trailBucket: "aws_s3_bucket.logs.id"})
		tf("storage", tfRoot{enc: &tfEncryption{bucket: fmt.Sprintf("%q", logs), bucketKey: "true", sse: "aws:kms"}})
		t.want("TL011", a, keyPolicyAt)
	case LinkEncryptionChain:
		tf("bucket", tfRoot{bucket: logs})
		b := tf("trail", tfRoot{key: &objects, trailKey: "aws_kms_key.trail.arn", trailBucket: fmt.Sprintf("%q", logs)})
		tf("storage", tfRoot{enc: &tfEncryption{bucket: fmt.Sprintf("%q", logs), bucketKey: "true", sse: "aws:kms"}})
		t.want("TL011", b, keyPolicyAt)
	case LinkUntied:
		a := tf("trail", tfRoot{bucket: logs, key: &objects, trailKey: "aws_kms_key.trail.arn", trailBucket: "aws_s3_bucket.logs.id"})
		tf("storage", tfRoot{shared: name + "-shared", enc: &tfEncryption{bucket: "data.aws_s3_bucket.shared.id", bucketKey: "true", sse: "aws:kms"}})
		t.want("TL030", a, "kms_key_id")
	case LinkKeyPolicy:
		a := tf("keys", tfRoot{key: &keyPolicy{noDescribe: true, open: true}, apart: true, alias: alias})
		tf("trail", tfRoot{bucket: logs, trailKey: aliasARN, trailBucket: "aws_s3_bucket.logs.id"})
		apart := `resource "aws_kms_key_policy"`
		t.wantAfter("TL010", a, apart, keyPolicyAt)
		t.wantAfter("TL013", a, apart, statementAt)
	case LinkImport:
		a := cfn("keys.yaml", cfnTemplate{key: &keyPolicy{noDescribe: true}, export: name + "-key"})
		cfn("trail.yaml", cfnTemplate{bucket: logs, trailKey: fn{"Fn::ImportValue", name + "-key"}, trailBucket: fn{"Ref", "Bucket"}})
		t.want("TL010", a, "KeyPolicy:")
	case LinkReplica:
		a := cfn("keys.yaml", cfnTemplate{key: &keyPolicy{}, noRotate: true, export: name + "-key"})
		cfn("trail.json", cfnTemplate{replicaOf: name + "-key", bucket: logs, trailKey: fn{"Fn::GetAtt", "Replica.Arn"}, trailBucket: fn{"Ref", "Bucket"}})
		t.want("TL023", a, "EnableKeyRotation:")
	case LinkAliasName:
		a := cfn("keys.yaml", cfnTemplate{key: &keyPolicy{noDescribe: true}, alias: alias})
		cfn("trail.yaml", cfnTemplate{bucket: logs, trailKey: alias, trailBucket: fn{"Ref", "Bucket"}})
		t.want("TL010", a, "KeyPolicy:")
	case LinkBucketName:
		cfn("bucket.yaml", cfnTemplate{bucket: logs, bucketKey: "true"})
		b := cfn("trail.yaml", cfnTemplate{key: &objects, trailKey: fn{"Fn::GetAtt", "Key.Arn"}, trailBucket: logs})
		t.want("TL011", b, "KeyPolicy:")
	}
}
