package policy

import (
	"testing"
)

func TestPrincipalMatch(t *testing.T) {
	const (
		ct   = "cloudtrail.amazonaws.com"
		role = "arn:aws:iam::111122223333:role/Reader"
	)
	svc := Principal{Service: ct}
	reader := Principal{AWS: role}
	tests := []struct {
		name string
		p    Principals
		req  Principal
		want Tri
	}{
		{"star takes a service", Principals{All: true}, svc, Yes},
		{"star takes a role", Principals{All: true}, reader, Yes},
		{"AWS star takes a service", Principals{AWS: []string{"*"}}, svc, Yes},
		{"AWS star takes a role", Principals{AWS: []string{"*"}}, reader, Yes},
		{"service", Principals{Service: []string{ct}}, svc, Yes},
		{"service case-insensitive", Principals{Service: []string{"CloudTrail.AmazonAWS.com"}}, svc, Yes},
		{"service list", Principals{Service: []string{"logs.amazonaws.com", ct}}, svc, Yes},
		{"other service", Principals{Service: []string{"logs.amazonaws.com"}}, svc, No},
		{"service is not a role", Principals{Service: []string{ct}}, reader, No},
		{"root does not take a service", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, svc, No},
		{"account id does not take a service", Principals{AWS: []string{"111122223333"}}, svc, No},
		{"root takes its account's role", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, reader, Yes},
		{"account id takes its account's role", Principals{AWS: []string{"111122223333"}}, reader, Yes},
		{"root of another account", Principals{AWS: []string{"arn:aws:iam::444455556666:root"}}, reader, No},
		{"root with an account hole", Principals{AWS: []string{"arn:aws:iam::" + acctX + ":root"}}, reader, Maybe},
		{"root with the same hole", Principals{AWS: []string{"arn:aws:iam::" + acctX + ":root"}}, Principal{AWS: "arn:aws:iam::" + acctX + ":role/R"}, Yes},
		{"root with a hole vs service", Principals{AWS: []string{"arn:aws:iam::" + acctX + ":root"}}, svc, No},
		{"root vs unknown account", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, Principal{AWS: "arn:aws:sts::" + anyH}, Maybe},
		{"explicit account", Principals{AWS: []string{"111122223333"}}, Principal{AWS: "arn:aws:sts::x", Account: "111122223333"}, Yes},
		{"exact role", Principals{AWS: []string{role}}, reader, Yes},
		{"other role", Principals{AWS: []string{"arn:aws:iam::111122223333:role/Writer"}}, reader, No},
		{"unknown entry vs service", Principals{AWS: []string{anyH}}, svc, Maybe},
		{"unknown entry vs role", Principals{AWS: []string{anyH}}, reader, Maybe},
		{"account hole entry vs service", Principals{AWS: []string{acctX}}, svc, No},
		{"unknown service entry", Principals{Service: []string{anyH}}, svc, Maybe},
		{"unknown element", Principals{Why: "!ImportValue ReaderRole"}, svc, Maybe},
		{"federated is not a service", Principals{Federated: []string{"cognito-identity.amazonaws.com"}}, svc, No},
		{"canonical user is not a role", Principals{CanonicalUser: []string{"79a59df9"}}, reader, No},
		{"unknown caller", Principals{Service: []string{ct}}, Principal{}, Maybe},
		{"unknown caller vs star", Principals{All: true}, Principal{}, Yes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.match(tt.req, nil); got != tt.want {
				t.Errorf("%s vs %s = %v, want %v", tt.p.String(), tt.req, got, tt.want)
			}
		})
	}
}

// NotPrincipal applies to everyone but the principals it lists.
func TestNotPrincipal(t *testing.T) {
	svc := Principal{Service: "cloudtrail.amazonaws.com"}
	tests := []struct {
		name string
		np   Principals
		req  Principal
		want Tri
	}{
		{"AWS list applies to a service", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, svc, Yes},
		{"listed service is exempt", Principals{Service: []string{"cloudtrail.amazonaws.com"}}, svc, No},
		{"unknown entry", Principals{AWS: []string{anyH}}, svc, Maybe},
		{"AWS star spares everyone", Principals{AWS: []string{"*"}}, svc, No},
		{"account root does not spare its roles", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, Principal{AWS: "arn:aws:iam::111122223333:role/R"}, Yes},
		{"role without its account is not spared", Principals{AWS: []string{"arn:aws:iam::111122223333:role/R"}}, Principal{AWS: "arn:aws:iam::111122223333:role/R"}, Yes},
		{"role with its account is spared", Principals{AWS: []string{"arn:aws:iam::111122223333:role/R", "arn:aws:iam::111122223333:root"}}, Principal{AWS: "arn:aws:iam::111122223333:role/R"}, No},
		{"role with its account as an id is spared", Principals{AWS: []string{"arn:aws:iam::111122223333:role/R", "111122223333"}}, Principal{AWS: "arn:aws:iam::111122223333:role/R"}, No},
		{"root is spared by its entry", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, Principal{AWS: "arn:aws:iam::111122223333:root"}, No},
		{"account hole", Principals{AWS: []string{"arn:aws:iam::111122223333:role/R", "arn:aws:iam::" + acctX + ":root"}}, Principal{AWS: "arn:aws:iam::111122223333:role/R"}, Maybe},
		{"unknown caller", Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, Principal{}, Maybe},
		{"unknown element", Principals{Why: "Fn::ImportValue X"}, svc, Maybe},
		{"star element", Principals{All: true}, svc, No},
	}
	for _, tt := range tests {
		s := &Statement{Effect: Deny, NotPrincipal: &tt.np}
		if got, _ := s.principalMatch(tt.req, nil); got != tt.want {
			t.Errorf("%s: NotPrincipal %s vs %s = %v, want %v", tt.name, tt.np.String(), tt.req, got, tt.want)
		}
	}
}

func TestPrincipalIsService(t *testing.T) {
	tests := []struct {
		p    *Principals
		want Tri
	}{
		{nil, No},
		{&Principals{All: true}, Yes},
		{&Principals{AWS: []string{"*"}}, Yes},
		{&Principals{Service: []string{"cloudtrail.amazonaws.com"}}, Yes},
		{&Principals{Service: []string{"s3.amazonaws.com"}}, No},
		{&Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, No},
		{&Principals{Why: "unknown"}, Maybe},
	}
	for i, tt := range tests {
		s := &Statement{Principal: tt.p}
		if got := s.PrincipalIsService("cloudtrail.amazonaws.com", nil); got != tt.want {
			t.Errorf("%d: got %v, want %v", i, got, tt.want)
		}
	}
}

func TestIsAccountRootOnly(t *testing.T) {
	tests := []struct {
		p    *Principals
		want bool
	}{
		{nil, false},
		{&Principals{AWS: []string{"arn:aws:iam::111122223333:root"}}, true},
		{&Principals{AWS: []string{"111122223333", "arn:aws-cn:iam::444455556666:root"}}, true},
		{&Principals{AWS: []string{"arn:aws:iam::" + acctX + ":root"}}, true},
		{&Principals{AWS: []string{"arn:" + part + ":iam::" + anyH + ":root"}}, true},
		{&Principals{AWS: []string{acctX}}, true},
		{&Principals{AWS: []string{"arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/R"}}, false},
		{&Principals{AWS: []string{"arn:aws:iam::abc:root"}}, false},
		{&Principals{AWS: []string{"*"}}, false},
		{&Principals{All: true}, false},
		{&Principals{AWS: []string{anyH}}, false},
		{&Principals{AWS: []string{"111122223333"}, Service: []string{"cloudtrail.amazonaws.com"}}, false},
		{&Principals{Why: "unknown"}, false},
	}
	for i, tt := range tests {
		s := &Statement{Principal: tt.p}
		if got := s.IsAccountRootOnly(); got != tt.want {
			t.Errorf("%d: %v: got %v, want %v", i, tt.p, got, tt.want)
		}
	}
}
