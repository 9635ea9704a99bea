#!/usr/bin/python3
"""Writes the hostile-input corpus tests/data/xml/bad/ (run from this folder).

One file per class of attack or defect; tests/test_xml.c says, for each, the status, line and
column the reader must report. Deterministic: running it again gives the same bytes.
"""
import gzip

NS = 'urn:libstalkcase:stalkcase:1'
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def write(name, data):
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open('bad/' + name, 'wb') as f:
        f.write(data)


def report(body):
    return (HEAD + f'<casebook xmlns="{NS}">\n  <report id="r-1">\n'
            f'    <reported-at>2024-03-01T10:00:00Z</reported-at>\n{body}  </report>\n'
            '</casebook>\n')


write('xxe-file.xml', HEAD + '<!DOCTYPE casebook [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
      f'<casebook xmlns="{NS}"><report id="r-1"><notes>&xxe;</notes></report></casebook>\n')
write('xxe-http.xml', HEAD + '<!DOCTYPE casebook [\n  <!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">\n]>\n'
      f'<casebook xmlns="{NS}"><report id="r-1"><notes>&xxe;</notes></report></casebook>\n')
write('external-dtd.xml', HEAD + '<!DOCTYPE casebook SYSTEM "http://127.0.0.1:9/casebook.dtd">\n'
      f'<casebook xmlns="{NS}"/>\n')
lol = ['<!ENTITY lol0 "lol">']
for i in range(1, 10):
    lol.append(f'<!ENTITY lol{i} "' + f'&lol{i-1};' * 10 + '">')
write('billion-laughs.xml', HEAD + '<!DOCTYPE casebook [\n' + '\n'.join(lol) + '\n]>\n'
      f'<casebook xmlns="{NS}"><report id="&lol9;"/></casebook>\n')
write('quadratic.xml', HEAD + '<!DOCTYPE casebook [<!ENTITY a "' + 'x' * 50000 + '">]>\n'
      f'<casebook xmlns="{NS}"><report id="r-1"><notes>' + '&a;' * 20000
      + '</notes></report></casebook>\n')
write('deep-nesting.xml', HEAD + f'<casebook xmlns="{NS}">' + '<report>' * 20000 + '\n')
write('long-name.xml', report('    <' + 'n' * 200 + '/>\n'))
write('long-attribute.xml', HEAD + f'<casebook xmlns="{NS}">\n  <report id="' + 'r' * 5000
      + '"/>\n</casebook>\n')
# 1 MiB + 1 byte of text (the default max_text is 1 MiB), gzip'ed to keep the fixture small.
write('long-text.xml.gz', gzip.compress(report('    <notes>' + 'n' * (1024 * 1024 + 1)
                                               + '</notes>\n').encode(), mtime=0))
head, tail = report('    <outcome>@</outcome>\n').encode().split(b'@')
write('invalid-utf8.xml', head + b'caf\xc3\x28' + tail)
write('mislabelled-encoding.xml', '<?xml version="1.0" encoding="UTF-16"?>\n'
      f'<casebook xmlns="{NS}"/>\n')
write('nul.xml', head + b'a\x00b' + tail)
write('schema-location.xml', HEAD + f'<casebook xmlns="{NS}"\n'
      '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
      f'    xsi:schemaLocation="{NS} http://127.0.0.1:9/evil.xsd">\n</casebook>\n')
write('unknown-element.xml', report('    <weapon>knife</weapon>\n'))
write('wrong-namespace.xml', HEAD + '<casebook xmlns="urn:libstalkcase:stalkcase:2">\n</casebook>\n')
# One start tag with 257 attributes and namespace declarations (its id and 256 xmlns:pN), one
# more than SC_XML_MAX_ATTRIBUTES.
decls = ' '.join(f'xmlns:p{i}="urn:p{i}"' for i in range(256))
write('many-attributes.xml', HEAD + f'<casebook xmlns="{NS}">\n  <report id="r-1" {decls}>\n'
      '    <reported-at>2024-03-01T10:00:00Z</reported-at>\n  </report>\n</casebook>\n')
# UTF-16LE without a byte-order mark, declared as UTF-8.
write('mislabelled-utf16.xml', (HEAD + f'<casebook xmlns="{NS}"/>\n').encode('utf-16-le'))
# UTF-7, in which markup can hide ("+ADw-" is '<'): not an encoding the reader follows.
write('unsupported-encoding.xml', '<?xml version="1.0" encoding="UTF-7"?>\n'
      f'<casebook xmlns="{NS}">+ADw-report id+AD0AIg-r-1+ACIAPg-</casebook>\n')
# A C1 control character (U+0085, NEXT LINE) inside an id.
write('control-in-id.xml', HEAD + f'<casebook xmlns="{NS}">\n  <victim id="v\u00851"/>\n'
      '</casebook>\n')
