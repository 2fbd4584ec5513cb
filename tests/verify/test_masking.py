"""migrator/masking.py: the one module every command masks its output with."""

from __future__ import annotations

import sys

from verify_helpers import base_env, cli, load

from migrator.masking import mask, mask_argv, variants


def test_a_short_secret_is_masked_as_a_whole_word_only():
    assert mask("pw=xk9 and pwd_xk9_reset xk9", ["xk9"]) == "pw=*** and pwd_xk9_reset ***"
    assert mask("a-long-secret-value inside-a-long-secret-valueX", ["a-long-secret-value"]) == \
        "*** inside-***X"  # long secrets go wherever they stand


def test_the_forms_an_error_text_may_carry():
    forms = variants(['to&k"en/1'])
    text = 'url ?t=to%26k%22en%2F1 xml <t>to&amp;k&quot;en/1</t> raw to&k"en/1'
    assert "to" not in mask(text, forms).replace("url", "")


def test_a_command_line_keeps_its_shape_without_its_secrets():
    argv = ["python", "sync.py", "--password", "hunter22x", "--api-token=abc123def", "PASSWORD=pw99",
            "--user", "ann", "--password-env", "COPERNICA_PASSWORD"]
    assert mask_argv(argv) == ["python", "sync.py", "--password", "***", "--api-token=***", "PASSWORD=***",
                               "--user", "ann", "--password-env", "COPERNICA_PASSWORD"]


def test_verify_records_the_command_line_without_a_password_given_on_it(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text("import sys\nsys.exit(0)\n")
    trace, report = tmp_path / "t.json", tmp_path / "r.json"
    run = cli("verify", "--trace", str(trace), "--format", "json", "-o", str(report), "--",
              sys.executable, str(program), "--password", "Cmd-L1ne-Secret-77", cwd=tmp_path, env=base_env())
    assert run.returncode == 1  # no call made; what matters here is what was written
    for path in (trace, report):
        assert "Cmd-L1ne-Secret-77" not in path.read_text()
        assert load(path)["command"][-2:] == ["--password", "***"]


def test_a_secret_shows_neither_escaped_as_repr_nor_as_json():
    text = "login used ('***', 'Zr5\\\\pw') and {\"user\": \"j\\u00fcrgen.Zr5\"}"
    assert "Zr5" not in mask(text, variants(["Zr5\\pw", "jürgen.Zr5"]))


def test_what_a_program_logged_in_with_shows_nowhere_in_the_report_or_trace(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(
        "import sys, zeep\n"
        "user, password = sys.argv[2], sys.argv[4]\n"
        "client = zeep.Client('https://soap.copernica.com/?SOAPAPI=WSDL')\n"
        "client.service.login({'username': user, 'password': password, 'account': 'Shop'})\n"
        "raise SystemExit('login used %r' % ((user, password),))\n")
    trace, report = tmp_path / "t.json", tmp_path / "r.txt"
    run = cli("verify", "--auth", "legacy", "--trace", str(trace), "-o", str(report), "--",
              sys.executable, str(program), "--user", "argv.user.Au6", "--pass", "Ap6\\pw-argv", cwd=tmp_path,
              env=base_env())
    assert run.returncode == 1, run.output
    written = trace.read_text() + report.read_text()
    assert "login used" in written  # the program's last words are in the report: masked, not dropped
    assert "Au6" not in written and "Ap6" not in written
