package partition

import "testing"

func TestCheck(t *testing.T) {
	for _, c := range []struct{ region, want string }{
		{"us-east-1", ""},
		{"eu-central-2", ""},
		{"cn-northwest-1", ""},
		{"us-gov-west-1", ""},
		{"us-iso-east-1", ""},
		{"us-isob-east-1", ""},
		{"eu-isoe-west-1", ""},
		{"us-isof-south-1", ""},
		{"eusc-de-east-1", ""},
		{"us-east1", `unknown region "us-east1" (did you mean "us-east-1"?)`},
		{"us-esat-1", `unknown region "us-esat-1" (did you mean "us-east-1"?)`},
		{"US-EAST-1", `unknown region "US-EAST-1" (did you mean "us-east-1"?)`},
		{"eu-west-4", `unknown region "eu-west-4" (did you mean "eu-west-1"?)`},
		{"us_gov_west_1", `unknown region "us_gov_west_1" (did you mean "us-gov-west-1"?)`},
		{"cn-north1", `unknown region "cn-north1" (did you mean "cn-north-1"?)`},
		{"bogus-1", `unknown region "bogus-1": not a region of any AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)`},
		{"", `unknown region "": not a region of any AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)`},
		{"aws-global", `unknown region "aws-global": not a region of any AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)`},
	} {
		got := ""
		if err := Check(c.region); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Check(%q) = %q, want %q", c.region, got, c.want)
		}
	}
}

func TestOf(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "aws", "cn-north-1": "aws-cn", "us-gov-east-1": "aws-us-gov",
		"us-iso-west-1": "aws-iso", "us-isob-west-1": "aws-iso-b", "eu-isoe-west-1": "aws-iso-e",
		"us-isof-east-1": "aws-iso-f", "eusc-de-east-1": "aws-eusc",
	} {
		if p, ok := Of(region); !ok || p.ID != want {
			t.Errorf("Of(%s) = %v, %v; want %s", region, p, ok, want)
		}
	}
	seen := map[string]bool{}
	for _, r := range Regions() {
		if seen[r] {
			t.Errorf("%s is listed twice", r)
		}
		seen[r] = true
	}
	if len(seen) != 46 {
		t.Errorf("%d regions, want 46", len(seen))
	}
}

func TestForRegion(t *testing.T) {
	for region, want := range map[string]string{
		"eu-west-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov",
		"us-isob-east-1": "aws-iso-b", "us-iso-west-1": "aws-iso", "eu-isoe-west-1": "aws-iso-e",
		"us-isof-south-1": "aws-iso-f", "eusc-de-east-1": "aws-eusc",
		// not listed: the prefix decides
		"cn-south-9": "aws-cn", "us-gov-central-9": "aws-us-gov", "xx-new-1": "aws",
	} {
		if got := ForRegion(region).ID; got != want {
			t.Errorf("ForRegion(%q) = %s, want %s", region, got, want)
		}
	}
	if ByID("aws-cn").DNSSuffix != "amazonaws.com.cn" || ByID("nope") != nil {
		t.Error("ByID")
	}
}
