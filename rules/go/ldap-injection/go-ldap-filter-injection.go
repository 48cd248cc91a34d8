package directory

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func findUser(conn *ldap.Conn, w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("user")
	req := ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		fmt.Sprintf("(&(objectClass=person)(uid=%s))", name), // ruleid: go-ldap-filter-injection
		[]string{"dn", "cn"}, nil)
	conn.Search(req)

	safe := ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		fmt.Sprintf("(&(objectClass=person)(uid=%s))", ldap.EscapeFilter(name)), // ok: go-ldap-filter-injection
		[]string{"dn"}, nil)
	conn.Search(safe)

	all := ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		"(objectClass=person)", // ok: go-ldap-filter-injection
		[]string{"dn"}, nil)
	conn.Search(all)
}

func login(conn *ldap.Conn, r *http.Request) error {
	user := r.PostFormValue("user")
	// ruleid: go-ldap-filter-injection
	if err := conn.Bind("uid="+user+",ou=people,dc=example,dc=com", r.PostFormValue("password")); err != nil {
		return err
	}
	// ok: go-ldap-filter-injection
	return conn.Bind("uid="+ldap.EscapeDN(user)+",ou=people,dc=example,dc=com", r.PostFormValue("password"))
}
