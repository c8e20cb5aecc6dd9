"""Checks editors/helix/languages.toml: it parses, uses the agreed settings shape,
wires copydesk to markdown and text, and the README shows the same TOML."""
import pathlib
import re
import sys
import tomllib

here = pathlib.Path(__file__).resolve().parent.parent
conf = tomllib.loads((here / "languages.toml").read_text())

server = conf["language-server"]["copydesk"]
assert server["command"] == "copydesk", server
assert server["args"] == ["lsp", "--stdio"], server
assert server["config"] == {
    "checks": {
        "unattributed-quote": {"enabled": True, "severity": "warning"},
        "unbalanced-quote": {"enabled": True, "severity": "error"},
    }
}, server["config"]
langs = {l["name"]: l for l in conf["language"]}
assert "copydesk" in langs["markdown"]["language-servers"], langs
assert "copydesk" in langs["text"]["language-servers"], langs
assert "txt" in langs["text"]["file-types"], langs

readme = (here / "README.md").read_text()
blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
assert blocks, "no toml block in README.md"
from_readme = tomllib.loads(re.sub(r"(?m)^   ", "", blocks[0]))
assert from_readme == conf, "README.md's TOML differs from languages.toml"
print("ok - helix languages.toml parses, has the agreed settings shape, README matches")
