package terraform

import (
	"fmt"
	"math/big"
	"net"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/gocty"
)

func networkFuncs() map[string]function.Function {
	return map[string]function.Function{
		"cidrhost":    guard("cidrhost", cidrHostFunc),
		"cidrnetmask": guard("cidrnetmask", cidrNetmaskFunc),
		"cidrsubnet":  guard("cidrsubnet", cidrSubnetFunc),
		"cidrsubnets": guard("cidrsubnets", cidrSubnetsFunc),
	}
}

// parseCIDR reads a prefix as Terraform does: with the parser of Go before
// 1.17, which read an IPv4 octet with leading zeros as decimal.
func parseCIDR(s string) (*net.IPNet, error) {
	addr, bits, ok := strings.Cut(s, "/")
	if ok && !strings.Contains(addr, ":") {
		octets := strings.Split(addr, ".")
		for i, o := range octets {
			if t := strings.TrimLeft(o, "0"); len(o) > 1 && t != o && strings.Trim(o, "0123456789") == "" {
				if t == "" {
					t = "0"
				}
				octets[i] = t
			}
		}
		addr = strings.Join(octets, ".")
	}
	if t := strings.TrimLeft(bits, "0"); ok && len(bits) > 1 && t != bits && strings.Trim(bits, "0123456789") == "" {
		if t == "" {
			t = "0"
		}
		bits = t
	}
	_, n, err := net.ParseCIDR(addr + "/" + bits)
	if err != nil {
		return nil, fmt.Errorf("invalid CIDR expression: %s", strings.Replace(err.Error(), addr+"/"+bits, s, 1))
	}
	return n, nil
}

// ipInt and intIP convert between an address and its number.
func ipInt(ip net.IP) *big.Int { return new(big.Int).SetBytes(ip) }

func intIP(n *big.Int, size int) net.IP {
	b := n.Bytes()
	ip := make(net.IP, size)
	copy(ip[size-len(b):], b)
	return ip
}

// pow2 is 2^bits, the number of addresses under a prefix of size-bits.
func pow2(bits int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(bits)) }

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("prefix"), num("hostnum")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var num *big.Int
		if err := gocty.FromCtyValue(args[1], &num); err != nil {
			return cty.NilVal, err
		}
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		parent, size := network.Mask.Size()
		most := new(big.Int).Sub(pow2(size-parent), big.NewInt(1))
		n := new(big.Int).Set(num)
		if n.Sign() < 0 {
			// -1 is the last address of the prefix.
			n.Add(most, n).Add(n, big.NewInt(1))
		}
		if n.Sign() < 0 || n.Cmp(most) > 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %s", parent, num)
		}
		ip := intIP(new(big.Int).Or(ipInt(network.IP), n), len(network.IP))
		return cty.StringVal(ip.String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("prefix")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		if network.IP.To4() == nil {
			return cty.NilVal, fmt.Errorf("IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		return cty.StringVal(net.IP(network.Mask).String()), nil
	},
})

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("prefix"), num("newbits"), num("netnum")},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var newbits int
		if err := gocty.FromCtyValue(args[1], &newbits); err != nil {
			return cty.NilVal, err
		}
		var num *big.Int
		if err := gocty.FromCtyValue(args[2], &num); err != nil {
			return cty.NilVal, err
		}
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, err
		}
		parent, size := network.Mask.Size()
		if newbits < 0 || parent+newbits > size {
			return cty.NilVal, fmt.Errorf("insufficient address space to extend prefix of %d by %d", parent, newbits)
		}
		if num.Sign() < 0 || num.Cmp(new(big.Int).Sub(pow2(newbits), big.NewInt(1))) > 0 {
			return cty.NilVal, fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, num)
		}
		length := parent + newbits
		ip := new(big.Int).Or(ipInt(network.IP), new(big.Int).Lsh(num, uint(size-length)))
		sub := net.IPNet{IP: intIP(ip, len(network.IP)), Mask: net.CIDRMask(length, size)}
		return cty.StringVal(sub.String()), nil
	},
})

// cidrSubnetsFunc is cidrsubnets: consecutive subnets, each aligned to its
// own size, after the one before.
var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{str("prefix")},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		network, err := parseCIDR(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		parent, size := network.Mask.Size()
		start := ipInt(network.IP)
		end := new(big.Int).Add(start, pow2(size-parent))
		next := new(big.Int).Set(start)
		out := make([]cty.Value, 0, len(args)-1)
		// prev is the subnet before: at first, the one just below the
		// prefix with the first subnet's length, as Terraform says it.
		var prev string
		for i, a := range args[1:] {
			var bits int
			if err := gocty.FromCtyValue(a, &bits); err != nil {
				return cty.NilVal, function.NewArgError(i+1, err)
			}
			switch {
			case bits < 1:
				return cty.NilVal, function.NewArgErrorf(i+1, "must extend prefix by at least one bit")
			case bits > 32:
				return cty.NilVal, function.NewArgErrorf(i+1, "may not extend prefix by more than 32 bits")
			case parent+bits > size:
				proto := "IPv4"
				if size == 128 {
					proto = "IPv6"
				}
				return cty.NilVal, function.NewArgErrorf(i+1, "would extend prefix to %d bits, which is too long for an %s address", parent+bits, proto)
			}
			length := parent + bits
			block := pow2(size - length)
			if i == 0 {
				below := new(big.Int).Sub(start, big.NewInt(1))
				if below.Sign() < 0 {
					below.Add(below, pow2(size))
				}
				p := net.IPNet{IP: intIP(below, len(network.IP)), Mask: net.CIDRMask(length, size)}
				p.IP = p.IP.Mask(p.Mask)
				prev = p.String()
			}
			// Round up to the next boundary of this subnet's size.
			at := new(big.Int).Add(next, new(big.Int).Sub(block, big.NewInt(1)))
			at.Div(at, block).Mul(at, block)
			if new(big.Int).Add(at, block).Cmp(end) > 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, prev)
			}
			sub := net.IPNet{IP: intIP(at, len(network.IP)), Mask: net.CIDRMask(length, size)}
			prev = sub.String()
			out = append(out, cty.StringVal(prev))
			next = at.Add(at, block)
		}
		return cty.ListVal(out), nil
	},
})
