"""User management delegated to trust leads without CREATEROLE.

Each function is ``SECURITY DEFINER``, owned by the database owner (who has CREATEROLE), and
executable only by the owner and ``trust_lead``: it creates, changes or lists only logins in
the three app roles, so a trust lead can never touch the owner, a superuser or another
database's roles. Passwords arrive as a SCRAM verifier computed by the client (libpq's
``PQencryptPasswordConn``), so the password itself never reaches the server or its logs.
"""

from __future__ import annotations

from cst_inclusion_desktop.store.server.policies import TRUST_LEAD

IS_APP_LOGIN = """
CREATE OR REPLACE FUNCTION cst_is_app_login(who text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT FROM pg_roles r WHERE r.rolname = who AND NOT r.rolsuper
        AND r.rolname NOT IN ('senco', 'trust_lead', 'viewer')
        AND r.rolname <> (SELECT pg_get_userbyid(d.datdba) FROM pg_database d
                          WHERE d.datname = current_database())
        AND (pg_has_role(r.oid, 'senco', 'MEMBER') OR pg_has_role(r.oid, 'trust_lead', 'MEMBER')
             OR pg_has_role(r.oid, 'viewer', 'MEMBER')))
$$"""

ADD_USER = """
CREATE OR REPLACE FUNCTION cst_add_user(who text, role_name text, verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF role_name NOT IN ('senco', 'trust_lead', 'viewer') THEN
        RAISE EXCEPTION 'role: value ''%'' - expected senco, trust_lead or viewer', role_name
            USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = who) THEN
        RAISE EXCEPTION 'login: value ''%'' - expected a new login (it exists already)', who
            USING ERRCODE = '42710';
    END IF;
    IF verifier IS NULL THEN
        EXECUTE format('CREATE ROLE %I LOGIN', who);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', who, verifier);
    END IF;
    EXECUTE format('GRANT %I TO %I', role_name, who);
END $$"""

_CHECK_LOGIN = """
    IF NOT cst_is_app_login(who) THEN
        RAISE EXCEPTION 'login: value ''%'' - expected a login made with `users add`', who
            USING ERRCODE = '22023';
    END IF;"""

GRANT_SCHOOL = f"""
CREATE OR REPLACE FUNCTION cst_grant_school(who text, school_urn text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE found_id text; added integer;
BEGIN{_CHECK_LOGIN}
    SELECT id INTO found_id FROM school WHERE urn = school_urn;
    IF found_id IS NULL THEN
        RAISE EXCEPTION 'school: value ''%'' - expected the URN of a school in this database',
            school_urn USING ERRCODE = '22023';
    END IF;
    INSERT INTO user_school (login, school_id) VALUES (who, found_id) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS added = ROW_COUNT;
    RETURN added > 0;
END $$"""

REVOKE_SCHOOL = f"""
CREATE OR REPLACE FUNCTION cst_revoke_school(who text, school_urn text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE removed integer;
BEGIN{_CHECK_LOGIN}
    DELETE FROM user_school g USING school s
        WHERE g.login = who AND g.school_id = s.id AND s.urn = school_urn;
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed > 0;
END $$"""

DISABLE_USER = f"""
CREATE OR REPLACE FUNCTION cst_disable_user(who text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN{_CHECK_LOGIN}
    EXECUTE format('ALTER ROLE %I NOLOGIN', who);
END $$"""

LIST_USERS = """
CREATE OR REPLACE FUNCTION cst_users()
RETURNS TABLE (login text, role text, can_sign_in boolean, schools text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT r.rolname::text,
           (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
              JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid AND g.rolname IN ('senco', 'trust_lead', 'viewer')),
           r.rolcanlogin,
           (SELECT string_agg(s.urn, ',' ORDER BY s.urn) FROM user_school u
              JOIN school s ON s.id = u.school_id WHERE u.login = r.rolname)
      FROM pg_roles r WHERE cst_is_app_login(r.rolname) ORDER BY r.rolname
$$"""

FUNCTIONS = (IS_APP_LOGIN, ADD_USER, GRANT_SCHOOL, REVOKE_SCHOOL, DISABLE_USER, LIST_USERS)
SIGNATURES = (
    "cst_add_user(text, text, text)",
    "cst_grant_school(text, text)",
    "cst_revoke_school(text, text)",
    "cst_disable_user(text)",
    "cst_users()",
)


def function_statements() -> list[str]:
    statements = list(FUNCTIONS)
    statements.append("REVOKE ALL ON FUNCTION cst_is_app_login(text) FROM PUBLIC")
    for signature in SIGNATURES:
        statements.append(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        statements.append(f"GRANT EXECUTE ON FUNCTION {signature} TO {TRUST_LEAD}")
    return statements
