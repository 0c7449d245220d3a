package terraform

import (
	"fmt"
	"math/big"
	"net/netip"
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
// 1.17, which read an IPv4 octet with leading zeros as decimal. The result
// is the prefix with its host bits cleared.
func parseCIDR(s string) (netip.Prefix, error) {
	bad := fmt.Errorf("invalid CIDR expression: invalid CIDR address: %s", s)
	addr, bits, ok := strings.Cut(s, "/")
	if !ok {
		return netip.Prefix{}, bad
	}
	if !strings.Contains(addr, ":") {
		octets := strings.Split(addr, ".")
		for i, o := range octets {
			octets[i] = decimal(o)
		}
		addr = strings.Join(octets, ".")
	}
	p, err := netip.ParsePrefix(addr + "/" + decimal(bits))
	if err != nil {
		return netip.Prefix{}, bad
	}
	return p.Masked(), nil
}

// decimal drops the leading zeros of a number, which the old parser read
// as decimal and netip refuses.
func decimal(s string) string {
	if len(s) < 2 || s[0] != '0' || strings.Trim(s, "0123456789") != "" {
		return s
	}
	if t := strings.TrimLeft(s, "0"); t != "" {
		return t
	}
	return "0"
}

// addrInt and intAddr convert between an address and its number.
func addrInt(a netip.Addr) *big.Int { return new(big.Int).SetBytes(a.AsSlice()) }

func intAddr(n *big.Int, bits int) netip.Addr {
	b := make([]byte, bits/8)
	n.FillBytes(b)
	a, _ := netip.AddrFromSlice(b)
	return a
}

// prefixText writes a prefix as Terraform does.
func prefixText(n *big.Int, length, bits int) string {
	return netip.PrefixFrom(intAddr(n, bits), length).String()
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
		parent, size := network.Bits(), network.Addr().BitLen()
		most := new(big.Int).Sub(pow2(size-parent), big.NewInt(1))
		n := new(big.Int).Set(num)
		if n.Sign() < 0 {
			// -1 is the last address of the prefix.
			n.Add(most, n).Add(n, big.NewInt(1))
		}
		if n.Sign() < 0 || n.Cmp(most) > 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %s", parent, num)
		}
		return cty.StringVal(intAddr(new(big.Int).Or(addrInt(network.Addr()), n), size).String()), nil
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
		if !network.Addr().Is4() {
			return cty.NilVal, fmt.Errorf("IPv6 addresses cannot have a netmask: %s", args[0].AsString())
		}
		mask := new(big.Int).Lsh(new(big.Int).Sub(pow2(network.Bits()), big.NewInt(1)), uint(32-network.Bits()))
		return cty.StringVal(intAddr(mask, 32).String()), nil
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
		parent, size := network.Bits(), network.Addr().BitLen()
		if newbits < 0 || parent+newbits > size {
			return cty.NilVal, fmt.Errorf("insufficient address space to extend prefix of %d by %d", parent, newbits)
		}
		if num.Sign() < 0 || num.Cmp(new(big.Int).Sub(pow2(newbits), big.NewInt(1))) > 0 {
			return cty.NilVal, fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, num)
		}
		length := parent + newbits
		ip := new(big.Int).Or(addrInt(network.Addr()), new(big.Int).Lsh(num, uint(size-length)))
		return cty.StringVal(prefixText(ip, length, size)), nil
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
		parent, size := network.Bits(), network.Addr().BitLen()
		start := addrInt(network.Addr())
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
				below.Rsh(below, uint(size-length)).Lsh(below, uint(size-length))
				prev = prefixText(below, length, size)
			}
			// Round up to the next boundary of this subnet's size.
			at := new(big.Int).Add(next, new(big.Int).Sub(block, big.NewInt(1)))
			at.Div(at, block).Mul(at, block)
			if new(big.Int).Add(at, block).Cmp(end) > 0 {
				return cty.NilVal, function.NewArgErrorf(i+1, "not enough remaining address space for a subnet with a prefix of %d bits after %s", length, prev)
			}
			prev = prefixText(at, length, size)
			out = append(out, cty.StringVal(prev))
			next = at.Add(at, block)
		}
		return cty.ListVal(out), nil
	},
})
