#!/usr/bin/python3
"""Writes sample-casebook.xml: a synthetic casebook (not real cases, people or places).

50 reports over 24 months (2024-01 .. 2025-12) in the six invented wards of
mps-ward-sample.csv; 20 victims covering every risk level and contact channel; evidence items
of every kind, with SHA-256 digests of invented content and chain-of-custody entries.

Deterministic (fixed seed, no clock): running it again gives the same bytes. The text is laid
out exactly as libstalkcase's writer lays it out (two-space indentation, fields in schema
order, unset fields left out), so reading the file and exporting it again gives identical
bytes; tests/test_xml.c checks that. Run: /usr/bin/python3 gen-sample-casebook.py
"""
import hashlib
import random
from xml.sax.saxutils import escape

NS = 'urn:libstalkcase:stalkcase:1'
WARDS = [('E05900001', 'Fennbrook Central', 'Fennbrook'),
         ('E05900002', "St Aldric's", 'Fennbrook'),
         ('E05900003', 'Otterwick Green', 'Fennbrook'),
         ('E05900004', 'Larkmoor Common', 'Larkmoor'),
         ('E05900005', 'Quay, Lock & Towpath', 'Larkmoor'),
         ('E05900006', 'Thornfield', 'Larkmoor')]
OFFENCES = [('harassment', '8Q'), ('fear-of-violence', '8L'), ('stalking', '8Q'),
            ('stalking-fear-alarm-distress', '8Q'), ('malicious-communications', '195/12'),
            ('other', None)]
RELATIONSHIPS = ['ex-intimate-partner', 'acquaintance', 'stranger', 'family-member', 'work',
                 'unknown']
TYPOLOGIES = ['rejected', 'resentful', 'intimacy-seeking', 'incompetent-suitor', 'predatory']
KINDS = ['text-message', 'messaging-app', 'email', 'social-media', 'phone-call', 'gps-tracker',
         'spyware', 'account-compromise', 'impersonation', 'image-based-abuse', 'doxxing',
         'smart-device', 'other']
PLATFORMS = {'text-message': 'SMS', 'messaging-app': 'WhatsApp', 'email': 'Gmail',
             'social-media': 'Instagram', 'phone-call': 'Mobile', 'gps-tracker': 'AirTag',
             'spyware': 'Android', 'account-compromise': 'iCloud', 'impersonation': 'Facebook',
             'image-based-abuse': 'Telegram', 'doxxing': 'Forum', 'smart-device': 'Smart doorbell',
             'other': None}
MEDIA = {'phone-call': 'audio/mpeg', 'gps-tracker': 'application/json', 'other': 'image/jpeg'}
RISKS = ['standard', 'medium', 'high', 'unknown']
CHANNELS = ['police', 'helpline', 'advocate', 'other']
OUTCOMES = ['Under investigation', 'Charged', 'No further action', 'Stalking Protection Order',
            'Community resolution']

rnd = random.Random(20240101)
out = []


def el(indent, name, text):
    if text is not None:
        out.append('  ' * indent + f'<{name}>{escape(text)}</{name}>')


def ts(y, m, d, hh, mm, ss, offset):
    tz = 'Z' if offset == 'Z' else offset
    return f'{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{tz}'


def offset_for(month):
    # British Summer Time (roughly April-October) as +01:00, otherwise Z.
    return '+01:00' if 4 <= month <= 10 else 'Z'


out.append('<?xml version="1.0" encoding="UTF-8"?>')
out.append(f'<casebook xmlns="{NS}">')
victims = []
for i in range(20):
    vid = f'v-{i + 1:03d}'
    victims.append(vid)
    out.append(f'  <victim id="{vid}">')
    if i % 5 == 0:
        el(2, 'name', f'Synthetic Person {i + 1}')
        el(2, 'contact', f'person{i + 1}@example.invalid')
    el(2, 'age-band', rnd.choice(['16-24', '25-34', '35-44', '45-54', '55-64', '65+']))
    el(2, 'gender', rnd.choice(['female', 'female', 'female', 'male', 'non-binary']))
    el(2, 'channel', CHANNELS[i % len(CHANNELS)])
    y, m = 2024 + (i * 23 // 20) // 12, (i * 23 // 20) % 12 + 1
    el(2, 'first-contact', f'{y:04d}-{m:02d}-{rnd.randint(1, 28):02d}')
    el(2, 'risk', RISKS[i % len(RISKS)])
    el(2, 'consent', ['yes', 'no', 'unknown'][i % 3])
    out.append('  </victim>')

ev_no = 0
for i in range(50):
    month_index = i * 24 // 50            # spread over 2024-01 .. 2025-12
    y, m = 2024 + month_index // 12, month_index % 12 + 1
    d = rnd.randint(2, 28)
    off = offset_for(m)
    code, name, borough = WARDS[i % len(WARDS)]
    offence, ho = OFFENCES[i % len(OFFENCES)]
    out.append(f'  <report id="r-{i + 1:03d}">')
    el(2, 'reported-at', ts(y, m, d, rnd.randint(8, 20), rnd.choice([0, 15, 30, 45]), 0, off))
    el(2, 'first-incident', f'{y - (1 if m <= 3 else 0):04d}-{(m - 4) % 12 + 1:02d}-01')
    el(2, 'last-incident', f'{y:04d}-{m:02d}-{d - 1:02d}')
    el(2, 'offence', offence)
    el(2, 'offence-code', ho)
    el(2, 'ward-code', code)
    el(2, 'ward-name', name)
    el(2, 'borough', borough)
    el(2, 'force', 'Metropolitan Police Service')
    el(2, 'relationship', RELATIONSHIPS[i % len(RELATIONSHIPS)])
    if i % 3 != 2:
        el(2, 'typology', TYPOLOGIES[i % len(TYPOLOGIES)])
    el(2, 'outcome', OUTCOMES[i % len(OUTCOMES)])
    if i % 10 == 9:
        el(2, 'cyber-element', 'yes')     # helpline-style: stated, not itemised
    elif i % 10 == 4:
        el(2, 'cyber-element', 'no')
    if i % 4 == 0:
        el(2, 'notes', f'Synthetic note {i + 1}: contact after bail conditions & warnings.')
    el(2, 'victim-ref', victims[i % len(victims)])
    if i % 7 == 0:
        el(2, 'victim-ref', victims[(i + 7) % len(victims)])
    n_ev = 0 if i % 10 in (4, 9) else 1 + i % 2
    for k in range(n_ev):
        kind = KINDS[ev_no % len(KINDS)]
        ev_no += 1
        out.append(f'    <evidence id="e-{ev_no:03d}">')
        el(3, 'kind', kind)
        el(3, 'platform', PLATFORMS[kind])
        el(3, 'occurred-at', ts(y, m, d - 1, rnd.randint(0, 23), rnd.randint(0, 59), 0, off))
        el(3, 'captured-at', ts(y, m, d, 9 + k, 0, 0, off))
        el(3, 'description', f'Synthetic {kind} item {ev_no}')
        content = f'synthetic evidence content {ev_no}'.encode()
        el(3, 'sha256', hashlib.sha256(content).hexdigest())
        el(3, 'size', str(len(content)))
        el(3, 'media-type', MEDIA.get(kind, 'image/png'))
        el(3, 'uri', f'evidence/e-{ev_no:03d}')
        out.append('      <custody>')
        el(4, 'at', ts(y, m, d, 9 + k, 5, 0, off))
        el(4, 'actor', 'PC 4021')
        el(4, 'action', 'captured')
        out.append('      </custody>')
        if ev_no % 3 == 0:
            out.append('      <custody>')
            el(4, 'at', ts(y, m, d, 16, 30, 0, off))
            el(4, 'actor', 'DC 1187')
            el(4, 'action', 'examined')
            el(4, 'note', 'Hash re-verified before examination.')
            out.append('      </custody>')
        out.append('    </evidence>')
    out.append('  </report>')
out.append('</casebook>')

with open('sample-casebook.xml', 'w', encoding='utf-8', newline='\n') as f:
    f.write('\n'.join(out) + '\n')
