#!/usr/bin/env python3
"""Deterministic generator of a week-level scheduling scenario (see docs/scheduling.md).

    python3 benchmarks/make_schedule_scenario.py --students 300 --out Scenarios/alliance-schedule
    python3 benchmarks/make_schedule_scenario.py --students 3000 --out benchmarks/out/schedule-3000

Same arguments -> byte-identical files. Standard library only.

It writes one folder: scenario.yaml, universities.csv, students.csv, bases.csv,
academic-mentors.csv, industry-mentors.csv and README.md (with the figures of this instance).

Where the data comes from:
  * universities: eleven of alliance-term's fifteen (same ids, names and coordinates);
  * bases: a seeded sample of alliance-term's bases (same ids, names, fields, language
    requirements; their per-term seats become 1-4 seats per week), a handful of government agencies
    (alliance-term has none), and, beyond alliance-term's 186 bases with seats, more bases made the
    way the shared bench's gen.py made them (only needed from about 800 students up);
  * students: names, languages, fields and preference lists drawn like gen.py drew them, with
    3-6 ranked bases, popularity carried over from how often alliance-term's students ranked each
    base, programmes, some with dates they are available, and nationalities mixed as in gen.py.
The number of bases is chosen so that the seat-weeks on offer are about --supply times the
working weeks the students' programmes need.

The script also checks its own output against the rules of docs/scheduling.md (spans, closures,
lead times, windows, mentor languages) and runs a first-come greedy schedule, to report how much
pressure there is; those figures go into README.md and to stderr.
"""
import argparse
import csv
import datetime as dt
import io
import math
import os
import random
import sys
from collections import Counter, defaultdict

GENERATOR = "placement-schedule-gen-1"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "Scenarios", "alliance-term")

# ---------------------------------------------------------------------------------------------
# Calendar: one 20-week term. It starts in the week Spring Festival and Tết end, so the lunar
# new year, Hari Raya, Holy Week, the April water festivals, Golden Week and Dragon Boat all fall
# inside it.
TERM_ID = "2027-spring"
TERM_NAME = "Spring 2027"
TERM_START = dt.date(2027, 2, 8)      # Monday
TERM_END = dt.date(2027, 6, 27)       # Sunday: 20 weeks
DECISION_DATE = dt.date(2026, 12, 14)  # Monday, eight weeks before the term

# (name, from, to, countries). Dates are the public holidays expected for 2027 (lunar and Islamic
# holidays follow the calendars' 2027 dates; governments confirm the exact days late in 2026).
CLOSURES = [
    ("Spring Festival 春节", "2027-02-05", "2027-02-13", ["CN"]),
    ("Chinese New Year", "2027-02-06", "2027-02-08", ["MY", "SG"]),          # Feb 8: in lieu of Sunday
    ("Tết Nguyên Đán", "2027-02-04", "2027-02-12", ["VN"]),
    ("Hari Raya Aidilfitri", "2027-03-09", "2027-03-12", ["BN", "ID", "MY"]),  # Eid al-Fitr ~10 March
    ("Holy Week", "2027-03-25", "2027-03-26", ["PH"]),                        # Maundy Thursday, Good Friday
    ("Qingming Festival 清明节", "2027-04-05", "2027-04-05", ["CN"]),
    ("Songkran สงกรานต์", "2027-04-13", "2027-04-15", ["TH"]),
    ("Thingyan သင်္ကြန်", "2027-04-13", "2027-04-17", ["MM"]),
    ("Pi Mai Lao ປີໃໝ່", "2027-04-14", "2027-04-16", ["LA"]),
    ("Choul Chnam Thmey ចូលឆ្នាំថ្មី", "2027-04-14", "2027-04-16", ["KH"]),
    ("Reunification Day and Labour Day", "2027-04-30", "2027-05-01", ["VN"]),
    ("Golden Week 劳动节", "2027-05-01", "2027-05-05", ["CN"]),
    ("Dragon Boat Festival 端午节", "2027-06-09", "2027-06-09", ["CN"]),
]
# One closure that names bases rather than countries.
BASE_CLOSURE = ("Annual maintenance shutdown", "2027-06-01", "2027-06-04")

PROGRAMMES = [
    # id, credits, weeks (or None for the rotation), share of students
    ("STD8", 6, 8, 0.55),
    ("SHORT6", 4, 6, 0.18),
    ("EXT12", 9, 12, 0.19),
    ("ROT12", 9, None, 0.08),
]
DEFAULT_PROGRAMME = "STD8"
ROTATION = {"id": "ROT12", "gap": 1, "parts": [(6, "bri_enterprise"), (6, "asean_firm")]}

MENTOR_MINIMUM = 3  # B1

# Universities reused from alliance-term (ids there), with gen.py's weights.
UNIVERSITIES = [("U09", 14), ("U06", 8), ("U05", 7), ("U12", 5), ("U13", 10), ("U01", 9),
                ("U04", 9), ("U03", 7), ("U11", 5), ("U10", 5), ("U08", 5)]

COUNTRIES = ["CN", "VN", "TH", "ID", "MY", "LA", "KH", "MM", "PH", "SG", "BN"]
ASEAN = [c for c in COUNTRIES if c != "CN"]
NATIVE = {"CN": "zh", "VN": "vi", "TH": "th", "ID": "id", "MY": "ms", "LA": "lo", "KH": "km",
          "MM": "my", "PH": "fil", "SG": "en", "BN": "ms"}

# --- from the shared bench's gen.py (names, fields, cities, enterprise names) ---------------------
NAMES = {
    "VN": (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"],
           ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Thanh", "Quốc", "Thu"],
           ["Anh", "Hương", "Dũng", "Hà", "Quân", "Thảo", "Tuấn", "Linh", "Phương", "Khoa", "Trang", "Hiếu"]),
    "TH": (["สมชาย", "สุดารัตน์", "ธนากร", "วรรณา", "ปิยะพงษ์", "ณัฐพล", "กาญจนา", "อรุณี", "พิมพ์ชนก", "ศุภชัย"],
           ["ศรีสุข", "วงศ์สวัสดิ์", "แก้วมณี", "จันทร์เพ็ญ", "บุญมา", "ทองดี", "สุวรรณรัตน์", "ประเสริฐสุข"]),
    "LA": (["ສົມພອນ", "ບົວພັນ", "ຄຳແສງ", "ວັນນະ", "ນ້ອຍ", "ສຸລິຍາ", "ພອນສະຫວັນ", "ແສງເດືອນ"],
           ["ພົມມະຈັນ", "ສີສຸລາດ", "ແກ້ວມະນີ", "ວົງສາ", "ສຸວັນນະວົງ", "ອິນທະວົງ"]),
    "KH": (["សុខ", "ចាន់", "ហេង", "គឹម", "លី", "ស៊ុន", "ម៉ៅ"],
           ["សុខា", "ចាន់ថា", "ដារ៉ា", "សុភា", "វណ្ណា", "បុប្ផា", "រតនា", "វិចិត្រ"]),
    "MM": (["အောင်", "ကျော်", "မြင့်", "ခင်", "ဇော်", "သီတာ", "နှင်း", "မင်း"],
           ["မိုး", "ထွန်း", "ဝင်း", "မာလာ", "ဦး", "နွယ်", "သူ", "လွင်"]),
    "ID": (["Budi", "Siti", "Dewi", "Agus", "Putri", "Rizky", "Ayu", "Eko", "Wahyu", "Indah"],
           ["Santoso", "Rahayu", "Lestari", "Wijaya", "Handayani", "Pratama", "Saputra", "Kusuma", "Nugroho"]),
    "MY": (["Muhammad Hafiz", "Nur Aisyah", "Ahmad Faizal", "Siti Nurhaliza", "Wan Azlan", "Tan Mei Ling",
            "Lim Wei Jie", "Kavitha"],
           ["Ahmad", "Ismail", "Osman", "Rahman", "Yusof", "Abdullah", "Hassan"]),
    "PH": (["Juan", "Maria", "José", "Angelica", "Mark Anthony", "Kristine", "Jerome", "Ma. Luisa", "Rogelio"],
           ["dela Cruz", "Santos", "Reyes", "Bautista", "Garcia", "Mendoza", "Villanueva", "Ocampo"]),
    "CN": (["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "韦", "覃"],
           ["伟", "娜", "敏", "洋", "静", "磊", "丽", "强", "杰", "芳", "思远", "雨桐", "梓涵", "浩然"]),
    "SG": (["Tan", "Lim", "Lee", "Ng", "Wong", "Nur", "Priya", "Muhammad"],
           ["Wei Ming", "Hui Min", "Jia Hao", "Syafiqah", "Raj", "Kumar", "Xin Yi", "Irfan"]),
    "BN": (["Awang", "Dayang", "Pengiran", "Muhammad", "Nurul"],
           ["Haji Rahman", "Nurul Huda", "Hazwan", "Aziz", "Amirah", "Salleh"]),
}
FIELDS = ["electronics", "telecom", "software", "data_science", "e_commerce", "automation",
          "new_energy_vehicles", "railways", "aviation", "ceramics"]
FIELD_WEIGHTS = [16, 12, 18, 11, 9, 10, 8, 6, 4, 2]  # gen.py's, with fewer ceramics (no Jingdezhen here)
RELATED = {
    "electronics": ["telecom", "automation", "new_energy_vehicles"],
    "telecom": ["electronics", "software"],
    "software": ["data_science", "e_commerce", "telecom"],
    "data_science": ["software", "e_commerce"],
    "e_commerce": ["software", "data_science"],
    "automation": ["electronics", "railways", "new_energy_vehicles"],
    "new_energy_vehicles": ["automation", "electronics"],
    "railways": ["automation", "electronics"],
    "aviation": ["electronics", "automation"],
    "ceramics": ["new_energy_vehicles", "electronics"],
}
CITIES = [
    ("Hà Nội", "VN", 21.0285, 105.8542, 5), ("Thành phố Hồ Chí Minh", "VN", 10.8231, 106.6297, 5),
    ("Đà Nẵng", "VN", 16.0544, 108.2022, 2), ("Hải Phòng", "VN", 20.8449, 106.6881, 2),
    ("กรุงเทพมหานคร Bangkok", "TH", 13.7563, 100.5018, 6), ("เชียงใหม่ Chiang Mai", "TH", 18.7883, 98.9853, 2),
    ("ระยอง Rayong", "TH", 12.6814, 101.2816, 2),
    ("Jakarta", "ID", -6.2088, 106.8456, 6), ("Surabaya", "ID", -7.2575, 112.7521, 2),
    ("Bandung", "ID", -6.9175, 107.6191, 2), ("Batam", "ID", 1.0456, 104.0305, 1),
    ("Kuala Lumpur", "MY", 3.1390, 101.6869, 5), ("Pulau Pinang", "MY", 5.4141, 100.3288, 2),
    ("Johor Bahru", "MY", 1.4927, 103.7414, 2), ("Kuantan", "MY", 3.8077, 103.3260, 1),
    ("ວຽງຈັນ Vientiane", "LA", 17.9757, 102.6331, 3), ("ຫຼວງພະບາງ Luang Prabang", "LA", 19.8834, 102.1347, 1),
    ("ភ្នំពេញ Phnom Penh", "KH", 11.5564, 104.9282, 3), ("ក្រុងព្រះសីហនុ Sihanoukville", "KH", 10.6253, 103.5234, 1),
    ("ရန်ကုန် Yangon", "MM", 16.8409, 96.1735, 3), ("မန္တလေး Mandalay", "MM", 21.9588, 96.0891, 1),
    ("Manila", "PH", 14.5995, 120.9842, 4), ("Cebu City", "PH", 10.3157, 123.8854, 1),
    ("Clark Freeport Zone", "PH", 15.1850, 120.5460, 1),
    ("Singapore", "SG", 1.3521, 103.8198, 4), ("Bandar Seri Begawan", "BN", 4.9031, 114.9398, 1),
    ("南宁 Nanning", "CN", 22.8170, 108.3665, 4), ("桂林 Guilin", "CN", 25.2736, 110.2900, 3),
    ("昆明 Kunming", "CN", 25.0389, 102.7183, 3), ("深圳 Shenzhen", "CN", 22.5431, 114.0579, 4),
    ("广州 Guangzhou", "CN", 23.1291, 113.2644, 3), ("厦门 Xiamen", "CN", 24.4798, 118.0894, 2),
    ("景德镇 Jingdezhen", "CN", 29.2689, 117.1784, 1), ("成都 Chengdu", "CN", 30.5728, 104.0668, 2),
    ("钦州 Qinzhou", "CN", 21.9813, 108.6542, 1), ("凭祥 Pingxiang", "CN", 22.0940, 106.7570, 1),
]
BRI_BRANDS = ["Huawei Technologies", "ZTE", "CRRC", "China Railway Group", "PowerChina", "BYD Auto",
              "SAIC-GM-Wuling", "Great Wall Motor", "China Southern Power Grid", "Alibaba Cloud", "Lazada",
              "Tencent Cloud", "CATL", "China Mobile International", "COMAC", "Haier", "Xiaomi",
              "Sinopec Energy", "Laos-China Railway", "Guangxi Beibu Gulf Port", "Hikvision", "Gotion"]
LOCAL_TEMPLATES = {
    "VN": ["Công ty Cổ phần {w} Việt", "Tập đoàn {w} Sao Mai", "Công ty TNHH {w} Phương Nam"],
    "TH": ["บริษัท {w} ไทยเทค จำกัด", "บริษัท สยาม{w} จำกัด (มหาชน)"],
    "ID": ["PT {w} Nusantara", "PT Indo{w} Teknologi", "PT Garuda {w}"],
    "MY": ["{w} Teknologi Sdn Bhd", "Syarikat {w} Malaysia Berhad"],
    "LA": ["ບໍລິສັດ {w} ລາວ ຈຳກັດ"], "KH": ["ក្រុមហ៊ុន {w} កម្ពុជា"],
    "MM": ["Myanma {w} Co., Ltd.", "Golden {w} Myanmar Ltd."],
    "PH": ["{w} Philippines Inc.", "Pilipinas {w} Corp."], "SG": ["{w} Asia Pte Ltd", "Lion City {w} Pte Ltd"],
    "BN": ["{w} Brunei Sdn Bhd"], "CN": ["{w}科技有限公司", "中国-东盟{w}集团"],
}
FIELD_WORD = {"electronics": "Electronics", "telecom": "Telecom", "software": "Software",
              "data_science": "Data", "e_commerce": "Commerce", "automation": "Automation",
              "new_energy_vehicles": "EV", "railways": "Rail", "aviation": "Aero", "ceramics": "Ceramics"}

# Government agencies (alliance-term has none): name, country, city index in CITIES, fields, languages.
GOVERNMENT = [
    ("中国—东盟博览会秘书处 China–ASEAN Expo Secretariat", "南宁 Nanning", "e_commerce|data_science", "zh: HSK4 | en: B2"),
    ("Bộ Thông tin và Truyền thông (Ministry of Information and Communications)", "Hà Nội", "telecom|software", "vi: 4 | en: B2"),
    ("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล Digital Economy Promotion Agency (depa)", "กรุงเทพมหานคร Bangkok", "data_science|e_commerce|software", "th: 4 | en: B2"),
    ("Malaysia Digital Economy Corporation (MDEC)", "Kuala Lumpur", "data_science|e_commerce", "en: B2 | ms: 4"),
    ("ក្រសួងប្រៃសណីយ៍ និងទូរគមនាគមន៍ Ministry of Posts and Telecommunications", "ភ្នំពេញ Phnom Penh", "telecom|electronics", "km: 4 | en: B2"),
    ("ກະຊວງເຕັກໂນໂລຊີ ແລະ ການສື່ສານ Ministry of Technology and Communications", "ວຽງຈັນ Vientiane", "telecom|software", "lo: 4 | en: B1"),
    ("Kementerian Komunikasi dan Digital (Komdigi)", "Jakarta", "telecom|software", "id: 4 | en: B2"),
    ("Cục Đường sắt Việt Nam (Viet Nam Railway Authority)", "Hà Nội", "railways|automation", "vi: 4 | en: B2"),
    ("Infocomm Media Development Authority (IMDA)", "Singapore", "software|data_science", "en: C1"),
    ("Department of Information and Communications Technology (DICT)", "Manila", "telecom|software", "en: B2 | fil: 4"),
    ("广西壮族自治区商务厅 Department of Commerce of Guangxi", "南宁 Nanning", "e_commerce", "zh: HSK4 | en: B2"),
    ("ASEAN Secretariat — Digital Economy Division", "Jakarta", "e_commerce|data_science", "en: C1"),
    ("Authority for Info-communications Technology Industry (AITI)", "Bandar Seri Begawan", "telecom|software", "en: B2 | ms: 4"),
    ("မြန်မာ့မီးရထား Myanma Railways", "ရန်ကုန် Yangon", "railways", "my: 4 | en: B1"),
]

# How a city is named inside a base's name ("Huawei Technologies (TH) — Bangkok site 7").
SHORT_CITY = {"Thành phố Hồ Chí Minh": "Hồ Chí Minh City", "Pulau Pinang": "Penang", "Johor Bahru": "Johor Bahru",
              "Kuala Lumpur": "Kuala Lumpur", "Cebu City": "Cebu", "Clark Freeport Zone": "Clark",
              "Bandar Seri Begawan": "Bandar Seri Begawan", "Hà Nội": "Hà Nội", "Đà Nẵng": "Đà Nẵng",
              "Hải Phòng": "Hải Phòng", "ຫຼວງພະບາງ Luang Prabang": "Luang Prabang"}


def short_city(city):
    return SHORT_CITY.get(city, city.split()[-1])


CEFR = {1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1", 6: "C2"}


def level_text(code, level, mentor=False):
    if mentor and level == 6:
        return "native"
    if code == "en":
        return CEFR[level]
    if code == "zh":
        return f"HSK{level}"
    return str(level)


def languages_text(langs, mentor=False):
    return ", ".join(f"{c}: {level_text(c, langs[c], mentor)}" for c in sorted(langs))


def parse_level(text):
    t = text.strip().upper()
    if t in ("A1", "A2", "B1", "B2", "C1", "C2"):
        return {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}[t]
    if t == "NATIVE":
        return 6
    if t.startswith("HSK"):
        return min(6, int(t[3:]))
    return int(t)


def parse_requirement(text):
    """'zh: HSK4 | en: C1' -> [('zh', 4), ('en', 5)]"""
    out = []
    for part in text.split("|"):
        part = part.strip()
        if part:
            code, level = part.split(":")
            out.append((code.strip(), parse_level(level)))
    return out


def make_name(rng, nat):
    parts = NAMES[nat]
    if nat == "VN":
        return f"{rng.choice(parts[0])} {rng.choice(parts[1])} {rng.choice(parts[2])}"
    if nat == "CN":
        return rng.choice(parts[0]) + rng.choice(parts[1])
    if nat == "KH":
        return f"{rng.choice(parts[0])} {rng.choice(parts[1])}"
    if nat == "MM":
        return "".join(rng.sample(parts[0], 1) + rng.sample(parts[1], 2))
    if nat == "MY":
        g = rng.choice(parts[0])
        if g.startswith(("Tan", "Lim", "Kavitha")):
            return g
        fam = rng.choice(parts[1])
        return f"{g} {'binti' if g.startswith(('Nur', 'Siti')) else 'bin'} {fam}"
    return f"{rng.choice(parts[0])} {rng.choice(parts[1])}"


def lang_profile(rng, nat):
    """gen.py's language profile of a student of this nationality."""
    langs = {NATIVE[nat]: 6}
    if nat == "PH":
        langs["en"] = 5
    if nat == "SG":
        langs["zh" if rng.random() < 0.6 else "ms"] = rng.randint(3, 6)
    if nat == "BN":
        langs["en"] = rng.randint(4, 5)
    if "en" not in langs:
        langs["en"] = rng.choices([1, 2, 3, 4, 5, 6], [3, 10, 25, 32, 22, 8])[0]
    if nat != "CN" and "zh" not in langs and rng.random() < 0.65:
        langs["zh"] = rng.choices([1, 2, 3, 4, 5], [15, 25, 30, 20, 10])[0]
    if nat == "CN" and rng.random() < 0.3:
        langs[rng.choice(["th", "vi", "id", "ms", "lo", "km", "my"])] = rng.randint(1, 4)
    return langs


def meets(langs, req):
    return not req or any(langs.get(code, 0) >= level for code, level in req)


# Redraws of an academic mentor's name before numbering a namesake (see generate).
NAME_TRIES = 1000


class Meets:
    """meets() for one student, computed once per distinct language requirement: bases share a
    few dozen requirements, so a scan over thousands of bases costs dictionary look-ups."""

    def __init__(self, langs):
        self.langs = langs
        self.known = {}

    def __call__(self, b):
        key = b["req_key"]
        ok = self.known.get(key)
        if ok is None:
            ok = self.known[key] = meets(self.langs, b["req"])
        return ok


def compatible(a, b):
    return any(a.get(code, 0) >= MENTOR_MINIMUM and level >= MENTOR_MINIMUM for code, level in b.items())


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def weighted_order(rng, items, weights):
    """A weighted random order (Efraimidis-Spirakis): heavier items tend to come first."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in zip(items, weights)]
    keyed.sort(key=lambda kv: -kv[0])
    return [i for _, i in keyed]


# ---------------------------------------------------------------------------------------------
class Calendar:
    """The term's weeks and, per base, closure weeks and seats: the rules of docs/scheduling.md."""

    def __init__(self, bases, closures, weekly_seats):
        self.weeks = []
        d = TERM_START
        while d <= TERM_END:
            self.weeks.append(d)
            d += dt.timedelta(days=7)
        self.closed = {}
        self.seats = {}
        self.names = {}
        for b in bases:
            closed, seats, names = [], [], []
            for w in self.weeks:
                last = w + dt.timedelta(days=6)
                hits = [c["name"] for c in closures
                        if (b["country"] in c["countries"] or b["id"] in c["bases"])
                        and c["from"] <= last and w <= c["to"]]
                closed.append(bool(hits))
                names.append(hits)
                n = b["seats"]
                for o in weekly_seats:
                    if o["base"] == b["id"] and o["from"] <= last and w <= o["to"]:
                        n = o["seats"]
                seats.append(n)
            self.closed[b["id"]], self.seats[b["id"]], self.names[b["id"]] = closed, seats, names

    def span(self, base, start, working):
        closed, seats = self.closed[base], self.seats[base]
        if closed[start] or seats[start] <= 0:
            return None
        counted = 0
        for w in range(start, len(self.weeks)):
            if seats[w] <= 0:
                return None
            if not closed[w]:
                counted += 1
            if counted == working:
                return (start, w)
        return None

    def first_day(self, w):
        return self.weeks[w]

    def last_day(self, w):
        return self.weeks[w] + dt.timedelta(days=6)


def lead_weeks(rules, nationality, country):
    best = None
    for r in rules:
        if r.get("nationality") not in (None, nationality):
            continue
        if r.get("country") not in (None, country):
            continue
        spec = (2 if r.get("nationality") else 0) + (1 if r.get("country") else 0)
        if best is None or spec > best[0] or (spec == best[0] and r["weeks"] > best[1]):
            best = (spec, r["weeks"])
    return best[1] if best else 0


# ---------------------------------------------------------------------------------------------
def generate(n, seed, source, supply):
    rng = random.Random(f"{GENERATOR}:{seed}:{n}")
    src_unis = {u["id"]: u for u in read_csv(os.path.join(source, "universities.csv"))}
    src_bases = read_csv(os.path.join(source, "bases.csv"))
    src_students = read_csv(os.path.join(source, "students.csv"))

    universities = [src_unis[uid] for uid, _ in UNIVERSITIES]
    uni_weights = [w for _, w in UNIVERSITIES]

    # Popularity of alliance-term's bases: how often its 1,500 students ranked each (rank-weighted).
    mentions = Counter()
    for s in src_students:
        for r, b in enumerate(x.strip() for x in s["preferences"].split(">")):
            if b:
                mentions[b] += 1.0 / math.sqrt(r + 1)
    median_pop = sorted(mentions.values())[len(mentions) // 2] ** 0.75

    # ----- programmes and demand -------------------------------------------------------------
    prog_ids = [p[0] for p in PROGRAMMES]
    prog_weeks = {p[0]: (p[2] if p[2] else sum(w for w, _ in ROTATION["parts"])) for p in PROGRAMMES}
    expected_weeks = sum(prog_weeks[p[0]] * p[3] for p in PROGRAMMES)
    n_weeks = ((TERM_END - TERM_START).days + 1 + 6) // 7
    target_seat_weeks = supply * expected_weeks * n

    # ----- bases -------------------------------------------------------------------------------
    pool = []
    for b in src_bases:
        cap = max(int(b["capacity:2027-S1"] or 0), int(b["capacity:2027-S2"] or 0))
        if cap <= 0:
            continue
        pool.append({
            "id": b["id"], "name": b["name"], "kind": b["kind"], "country": b["country"], "city": b["city"],
            "lat": b["latitude"], "lon": b["longitude"], "fields": b["fields"], "languages": b["languages"],
            "origin": "alliance-term", "seats": min(4, 1 + (cap - 1) // 3), "pop": (mentions.get(b["id"], 0.0) + 0.5) ** 0.75,
        })
    rng.shuffle(pool)
    next_id = 1 + max(int(b["id"][1:]) for b in src_bases)
    city_by_name = {c[0]: c for c in CITIES}

    def government(i):
        nonlocal next_id
        name, city, fields, langs = GOVERNMENT[i % len(GOVERNMENT)]
        c = city_by_name[city]
        if i >= len(GOVERNMENT):  # a regional office of the same agency
            others = [x for x in CITIES if x[1] == c[1] and x[0] != city] or [c]
            c = others[(i // len(GOVERNMENT) - 1) % len(others)]
            name = f"{name} — {short_city(c[0])} office"
        b = {"id": f"B{next_id:05d}", "name": name, "kind": "government", "country": c[1], "city": c[0],
             "lat": f"{c[2]}", "lon": f"{c[3]}", "fields": fields, "languages": langs,
             "origin": "government", "seats": rng.choice([1, 1, 2, 2, 3]), "pop": median_pop * rng.lognormvariate(0.0, 0.6)}
        next_id += 1
        return b

    def synthetic(f0):
        """A base made the way gen.py made alliance-term's (its main field given)."""
        nonlocal next_id
        city_w = [c[4] for c in CITIES]
        kind = rng.choices(["asean_firm", "bri_enterprise", "university_lab"], [50, 35, 15])[0]
        if kind == "university_lab":
            ci = rng.choices(range(len(CITIES)), city_w)[0]
        elif kind == "bri_enterprise":
            ci = rng.choices(range(len(CITIES)), [w if c[1] != "CN" else w * 0.3 for c, w in zip(CITIES, city_w)])[0]
        else:
            ci = rng.choices(range(len(CITIES)), [w if c[1] != "CN" else 0.0 for c, w in zip(CITIES, city_w)])[0]
        city, ctry, lat, lon, _ = CITIES[ci]
        k = rng.choices([1, 2, 3], [35, 45, 20])[0]
        fields = [f0] + rng.sample(RELATED[f0], min(k - 1, len(RELATED[f0])))
        local = NATIVE[ctry]
        if kind == "bri_enterprise":
            req = [("zh", rng.choice([3, 4])), ("en", rng.choice([4, 5]))]
            if ctry != "CN" and rng.random() < 0.3:
                req.append((local, 4))
            name = f"{rng.choice(BRI_BRANDS)} ({ctry}) — {short_city(city)} site {rng.randint(1, 99)}"
        elif kind == "university_lab":
            req = [("en", rng.choice([3, 4]))]
            if ctry == "CN":
                req.append(("zh", 4))
            host = [src_unis[u]["name"] for u in sorted(src_unis) if src_unis[u]["country"] == ctry]
            uni = rng.choice(host or [src_unis[u]["name"] for u in sorted(src_unis)])
            name = rng.choice(["{u} — {f} Joint Laboratory", "{u} — China-ASEAN {f} Innovation Center"]).format(
                u=uni.split(" (")[0], f=FIELD_WORD[f0])
        else:
            req = []
            if rng.random() < 0.8:
                req.append(("en", rng.choice([3, 4, 4, 5])))
            if local != "en" and (not req or rng.random() < 0.6):
                req.append((local, rng.choice([3, 4, 5])))
            name = rng.choice(LOCAL_TEMPLATES[ctry]).format(w=FIELD_WORD[f0])
        b = {"id": f"B{next_id:05d}", "name": name, "kind": kind, "country": ctry, "city": city,
             "lat": f"{lat}", "lon": f"{lon}", "fields": "|".join(fields),
             "languages": " | ".join(f"{c}: {level_text(c, l)}" for c, l in req),
             "origin": "made", "seats": rng.choices([1, 2, 3, 4], [30, 35, 22, 13])[0],
             "pop": median_pop * rng.lognormvariate(0.0, 0.75) * (1.5 if kind == "bri_enterprise" else 1.0)}
        next_id += 1
        return b

    # Bases are taken so that each field's seats follow its students: always for the field with the
    # fewest seats per student so far, the next base of the shuffled pool that accepts it.
    field_share = {f: w / sum(FIELD_WEIGHTS) for f, w in zip(FIELDS, FIELD_WEIGHTS)}
    field_supply = Counter()
    bases, seat_weeks, gov_made = [], 0, 0
    while seat_weeks < target_seat_weeks or len(bases) < 8:
        short = min(FIELDS, key=lambda f: (field_supply[f] / field_share[f], FIELDS.index(f)))
        if gov_made < max(3, round(0.07 * (len(bases) + 1))):
            b = government(gov_made)
            gov_made += 1
        elif pool:
            j = next((j for j, x in enumerate(pool) if short in x["fields"].split("|")), 0)
            b = pool.pop(j)
        else:
            b = synthetic(short)
        bases.append(b)
        seat_weeks += b["seats"] * n_weeks
        fs = b["fields"].split("|")
        for f in fs:
            field_supply[f] += b["seats"] * n_weeks / len(fs)
    bases.sort(key=lambda b: b["id"])
    for b in bases:
        b["req"] = parse_requirement(b["languages"])
        b["req_key"] = tuple(b["req"])
        b["field_set"] = set(b["fields"].split("|")) if b["fields"] else set()
    base_by_id = {b["id"]: b for b in bases}

    # ----- closures and weekly seats ----------------------------------------------------------
    countries_with_bases = {b["country"] for b in bases}
    closures = []
    for name, a, z, cs in CLOSURES:
        cs = [c for c in cs if c in countries_with_bases]
        if cs:
            closures.append({"name": name, "from": dt.date.fromisoformat(a), "to": dt.date.fromisoformat(z),
                             "countries": cs, "bases": []})
    plants = [b for b in bases if b["kind"] in ("bri_enterprise", "asean_firm")
              and b["field_set"] & {"automation", "new_energy_vehicles", "electronics", "railways", "ceramics"}]
    shut = sorted(rng.sample(plants, min(len(plants), max(1, len(bases) // 60))), key=lambda b: b["id"])
    closures.append({"name": BASE_CLOSURE[0], "from": dt.date.fromisoformat(BASE_CLOSURE[1]),
                     "to": dt.date.fromisoformat(BASE_CLOSURE[2]), "countries": [], "bases": [b["id"] for b in shut]})

    weekly_seats = []
    n_over = max(1, len(bases) // 40)
    labs = [b for b in bases if b["kind"] == "university_lab"]
    bris = [b for b in bases if b["kind"] == "bri_enterprise"]
    firms = [b for b in bases if b["kind"] == "asean_firm"]
    used = set()

    def take(group):
        cands = [b for b in group if b["id"] not in used]
        if not cands:
            return None
        b = rng.choice(cands)
        used.add(b["id"])
        return b

    for _ in range(n_over):
        b = take(labs)  # closed to interns for two weeks (equipment upgrade, exams in the lab)
        if b:
            weekly_seats.append({"base": b["id"], "from": dt.date(2027, 4, 19), "to": dt.date(2027, 5, 2), "seats": 0,
                                 "why": "lab closed to interns for two weeks (equipment upgrade)"})
        b = take(sorted(bris, key=lambda x: -x["pop"])[: max(3, len(bris) // 4)])  # a busy period
        if b:
            weekly_seats.append({"base": b["id"], "from": dt.date(2027, 3, 1), "to": dt.date(2027, 4, 11),
                                 "seats": b["seats"] + 2, "why": "two extra seats during a commissioning project"})
        b = take(firms)  # fewer seats while staff are away
        if b and b["seats"] > 1:
            weekly_seats.append({"base": b["id"], "from": dt.date(2027, 5, 17), "to": dt.date(2027, 6, 6), "seats": 1,
                                 "why": "one seat while most of the team is on a client project"})
    weekly_seats.sort(key=lambda o: (o["base"], o["from"]))
    cal = Calendar(bases, closures, weekly_seats)

    # ----- lead times -----------------------------------------------------------------------------
    lead_rules = [
        {"weeks": 2, "why": "default: internship visa or permit"},
        {"country": "CN", "weeks": 10, "why": "foreign interns in China: invitation letter, then an X2 visa"},
        {"country": "SG", "weeks": 6, "why": "Singapore's Training Employment Pass"},
        {"nationality": "CN", "weeks": 4, "why": "Chinese students abroad: passport and visa"},
        {"nationality": "CN", "country": "SG", "weeks": 6},
        {"nationality": "MM", "weeks": 10, "why": "Myanmar passports and exit clearance take longer"},
        {"nationality": "MM", "country": "CN", "weeks": 12},
    ]
    for c in COUNTRIES:
        lead_rules.append({"nationality": c, "country": c, "weeks": 0, "why": "same country" if c == "CN" else None})

    # ----- students -------------------------------------------------------------------------------
    by_field = defaultdict(list)
    for b in bases:
        for f in sorted(b["field_set"]):
            by_field[f].append(b)
    students = []
    uni_country = {u["id"]: u["country"] for u in universities}
    win_choices = {
        "from": [dt.date(2027, 3, 1), dt.date(2027, 3, 8), dt.date(2027, 3, 15), dt.date(2027, 3, 3)],
        "to": [dt.date(2027, 5, 30), dt.date(2027, 6, 6), dt.date(2027, 6, 13), dt.date(2027, 6, 11)],
    }
    for i in range(n):
        ui = rng.choices(range(len(universities)), uni_weights)[0]
        uni = universities[ui]
        uc = uni["country"]
        nat = uc if rng.random() < 0.88 else rng.choice(COUNTRIES)
        field = rng.choices(FIELDS, FIELD_WEIGHTS)[0]
        if "Jiaotong" in uni["name"] and rng.random() < 0.5:
            field = "railways"
        langs = lang_profile(rng, nat)
        if nat != uc:  # international students at a member university
            host = NATIVE[uc]
            if uc == "CN":
                if rng.random() < 0.7:
                    langs["zh"] = max(langs.get("zh", 0), rng.choice([4, 5]))   # Chinese-taught degree
                else:
                    langs["en"] = max(langs.get("en", 0), 4)                     # English-taught degree
            elif nat == "CN" and rng.random() < 0.5:
                pass  # a Chinese exchange student relying on Chinese (and whatever English she has)
            elif rng.random() < 0.5:
                langs[host] = max(langs.get(host, 0), rng.choice([3, 4]))
            else:
                langs["en"] = max(langs.get("en", 0), 4)
        grade = round(min(4.0, max(2.0, rng.gauss(3.05, 0.4))), 2)
        prog = rng.choices(prog_ids, [p[3] for p in PROGRAMMES])[0]
        if prog == ROTATION["id"]:
            # A competitive programme: it asks for English B2 (most ASEAN firms work in English).
            langs["en"] = max(langs.get("en", 0), 4)
        # Windows: late starts (last semester's exams, thesis), early ends (graduation, exams).
        av_from = av_to = None
        u = rng.random()
        if u < 0.12:
            av_from = rng.choice(win_choices["from"])
        elif u < 0.22:
            av_to = rng.choice(win_choices["to"])
        elif u < 0.27:
            av_from, av_to = rng.choice(win_choices["from"][:2]), rng.choice(win_choices["to"][1:])
        need = prog_weeks[prog] + (ROTATION["gap"] if prog == ROTATION["id"] else 0) + 3
        lo, hi = av_from or TERM_START, av_to or TERM_END
        if (hi - lo).days + 1 < need * 7:  # keep every window long enough for her programme
            av_to = None
            if (TERM_END - lo).days + 1 < need * 7:
                av_from = None
        students.append({
            "id": f"S{i + 1:05d}", "name": make_name(rng, nat), "university": uni["id"], "uc": uc,
            "nationality": nat, "field": field, "langs": langs, "grade": grade, "programme": prog,
            "from": av_from, "to": av_to, "prefs": [],
        })

    # ----- academic mentors (2-6 per university at a few hundred students; more when there are more)
    academic = []
    names_at = defaultdict(set)  # the academic mentors' names per university (names are unique there)
    per_uni = Counter(s["university"] for s in students)
    for u in universities:
        uc = u["country"]
        local = NATIVE[uc]
        target = math.ceil(0.75 * per_uni[u["id"]])
        k = max(2, round(target / 7))
        caps = [rng.randint(4, 10) for _ in range(k)]
        while sum(caps) < target:
            j = min(range(k), key=lambda x: caps[x])
            if caps[j] >= 10:
                caps.append(rng.randint(4, 10))
                k += 1
            else:
                caps[j] += 1
        for j in range(k):
            langs = {local: 6}
            if uc == "CN":
                # Chinese professors: English from fluent to rusty; one speaks a neighbour's language.
                langs["en"] = 5 if j == 0 else rng.choices([2, 3, 4, 5], [40, 30, 20, 10])[0]
                if j == 1:
                    langs[rng.choice(["vi", "th", "lo", "my"])] = rng.choice([3, 4])
            else:
                langs["en"] = 6 if uc in ("SG", "PH") else rng.choices([3, 4, 5], [20, 45, 35])[0]
                if j == 0:
                    langs["zh"] = rng.choice([5, 6])  # the Chinese-speaking lecturer of the faculty
            nat = uc if not (j == 0 and uc != "CN") else "CN"
            taken = names_at[u["id"]]
            name = make_name(rng, nat)
            tries = 0
            while name in taken and tries < NAME_TRIES:
                name = make_name(rng, nat)
                tries += 1
            if name in taken:
                # From about 5,000 students a faculty can have more mentors than there are names
                # of its nationality (redrawing never ended): number the namesake instead.
                k = 2
                while f"{name} ({k})" in taken:
                    k += 1
                name = f"{name} ({k})"
            taken.add(name)
            academic.append({"id": f"AM-{u['id']}-{j + 1:02d}", "name": name, "home": u["id"],
                             "langs": langs, "max": caps[j]})

    # ----- industry mentors (1-2 per base, 1-4 interns each) ---------------------------------------
    industry = []
    for b in bases:
        local = NATIVE[b["country"]]
        seats = max(cal.seats[b["id"]])  # a base taking extra interns for a while has mentors for them
        two = rng.random() < (0.75 if seats >= 3 else 0.3)
        mentors = []
        if b["kind"] == "bri_enterprise":
            m = {"zh": 6, "en": rng.choices([3, 4, 5], [30, 45, 25])[0]}
            if local not in m and rng.random() < 0.3:
                m[local] = rng.choice([3, 4])
            mentors.append(("CN", m))
            if two:
                m2 = {local: 6, "en": rng.choice([4, 5])}
                if rng.random() < 0.5:
                    m2["zh"] = max(m2.get("zh", 0), 4)
                mentors.append((b["country"], m2))
        else:
            for _ in range(2 if two else 1):
                m = {local: 6}
                if local != "en":
                    if rng.random() < 0.9:
                        m["en"] = rng.choice([3, 4, 5])
                    if b["country"] == "CN" or (rng.random() < 0.15):
                        m["zh"] = 6 if b["country"] == "CN" else 4
                mentors.append((b["country"], m))
        # Make sure each of the base's required languages is spoken by some mentor, mostly.
        for code, _ in b["req"]:
            if not any(m.get(code, 0) >= MENTOR_MINIMUM for _, m in mentors) and rng.random() < 0.85:
                mentors[0][1][code] = max(4, mentors[0][1].get(code, 0))
        # Mostly enough mentoring for every seat; at about one base in ten, fewer.
        short = 1 if seats >= 2 and rng.random() < 0.12 else 0
        if len(mentors) == 1:
            caps = [max(1, min(4, seats - short))]
        else:
            first = rng.randint(1, min(3, seats))
            caps = [first, max(1, min(4, seats - first + rng.randint(0, 1) - short))]
        for j, ((nat, langs), cap) in enumerate(zip(mentors, caps)):
            industry.append({"id": f"IM-{b['id']}-{j + 1}", "name": make_name(rng, nat), "home": b["id"],
                             "langs": langs, "max": cap})
    ind_by_base = defaultdict(list)
    for m in industry:
        ind_by_base[m["home"]].append(m)
    acad_by_uni = defaultdict(list)
    for m in academic:
        acad_by_uni[m["home"]].append(m)

    # Every student needs a compatible academic mentor: an international student with none learns
    # enough English (B1) to work with the faculty's English speakers.
    for s in students:
        if not any(compatible(s["langs"], m["langs"]) for m in acad_by_uni[s["university"]]):
            s["langs"]["en"] = 3 if any(m["langs"].get("en", 0) >= 3 for m in acad_by_uni[s["university"]]) else 4
            s["langs"][NATIVE[s["uc"]]] = max(3, s["langs"].get(NATIVE[s["uc"]], 0))

    # A few Chinese exchange students at ASEAN universities get by in Chinese only: the faculty's
    # Chinese-speaking lecturer is the one academic mentor they can have.
    def n_compatible(s):
        return sum(compatible(s["langs"], m["langs"]) for m in acad_by_uni[s["university"]])

    want = max(3, round(0.015 * n))
    have = sum(1 for s in students if n_compatible(s) == 1)
    candidates = [s for s in students if s["uc"] != "CN" and s["nationality"] != s["uc"] and n_compatible(s) > 1]
    rng.shuffle(candidates)
    for s in candidates:
        if have >= want:
            break
        s["nationality"] = "CN"
        s["name"] = make_name(rng, "CN")
        s["langs"] = {"zh": 6, "en": 2}
        if s["programme"] == ROTATION["id"]:
            s["programme"] = DEFAULT_PROGRAMME
        have += n_compatible(s) == 1

    # ----- feasibility of a (student, base, part) ---------------------------------------------------
    def starts(s, b, working):
        """Feasible (start, end) week pairs at base b for working weeks, ignoring other interns."""
        lead = lead_weeks(lead_rules, s["nationality"], b["country"])
        earliest = DECISION_DATE + dt.timedelta(days=7 * lead)
        out = []
        for w in range(len(cal.weeks)):
            first = cal.first_day(w)
            if first < earliest or (s["from"] and first < s["from"]):
                continue
            sp = cal.span(b["id"], w, working)
            if sp is None:
                continue
            if s["to"] and cal.last_day(sp[1]) > s["to"]:
                continue
            out.append(sp)
        return out

    def usable(s, b, kind=None, working=None):
        if kind and b["kind"] != kind:
            return False
        if b["field_set"] and s["field"] not in b["field_set"]:
            return False
        if not meets(s["langs"], b["req"]):
            return False
        if not any(compatible(s["langs"], m["langs"]) for m in ind_by_base[b["id"]]):
            return False
        return bool(starts(s, b, working or prog_weeks[s["programme"]]))

    # ----- preferences: 3-6 ranked bases ------------------------------------------------------------
    def affinity(s, b):
        return 1.0 if b["country"] in (s["nationality"], "CN") else 0.65

    def draw(s, pool_bases, k, avoid):
        cands = [b for b in pool_bases if b["id"] not in avoid]
        order = weighted_order(rng, [b["id"] for b in cands], [b["pop"] * affinity(s, b) for b in cands])
        return order[:k]

    unplaceable_by_design = 0
    for s in students:
        field_bases = by_field.get(s["field"], [])
        fit = Meets(s["langs"])
        fits = [b for b in field_bases if fit(b)]
        misfits = [b for b in field_bases if not fit(b)]
        for attempt in range(6):
            if s["programme"] == ROTATION["id"]:
                L = rng.choices([4, 5, 6], [35, 35, 30])[0]
                k1 = rng.choice([2, 3]) if L > 4 else 2
                bri = draw(s, [b for b in fits if b["kind"] == "bri_enterprise"], k1, set())
                firms_ = draw(s, [b for b in fits if b["kind"] == "asean_firm"], L - k1, set())
                chosen = bri + firms_
                if len(chosen) < L:  # widen to related fields: she ranks what she would accept
                    extra = [b for b in bases if b["kind"] in ("bri_enterprise", "asean_firm")
                             and fit(b) and s["field"] not in b["field_set"]]
                    chosen += draw(s, extra, L - len(chosen), set(chosen))
            else:
                L = rng.choices([3, 4, 5, 6], [20, 30, 30, 20])[0]
                chosen = draw(s, fits, L, set())
                if misfits and L >= 4 and rng.random() < 0.12:  # an aspirational pick she may not meet
                    chosen = chosen[: L - 1] + draw(s, misfits, 1, set(chosen))
                if len(chosen) < 3:  # few bases fit her: she also ranks ones she hopes will take her
                    near = [b for b in bases if b["field_set"] & set(RELATED[s["field"]]) and fit(b)]
                    chosen += draw(s, misfits + near, 3 - len(chosen), set(chosen))
            weights = [base_by_id[b]["pop"] * affinity(s, base_by_id[b]) for b in chosen]
            prefs = weighted_order(rng, chosen, weights)
            s["prefs"] = prefs
            if s["programme"] == ROTATION["id"]:
                p1 = [base_by_id[b] for b in prefs if usable(s, base_by_id[b], "bri_enterprise", 6)]
                p2 = [base_by_id[b] for b in prefs if usable(s, base_by_id[b], "asean_firm", 6)]
                ok = any(a["country"] != c["country"] for a in p1 for c in p2)
            else:
                ok = any(usable(s, base_by_id[b]) for b in prefs)
            if ok and len(prefs) >= 3:
                break
        else:
            unplaceable_by_design += 1

    # ----- checks and figures --------------------------------------------------------------------
    stats = evaluate(students, bases, base_by_id, cal, closures, weekly_seats, academic, industry,
                     acad_by_uni, ind_by_base, prog_weeks, starts, usable, rng)
    stats["unplaceable_by_design"] = unplaceable_by_design
    return {
        "students": students, "bases": bases, "universities": universities, "closures": closures,
        "weekly_seats": weekly_seats, "lead_rules": lead_rules, "academic": academic, "industry": industry,
        "cal": cal, "stats": stats, "prog_weeks": prog_weeks,
    }


def evaluate(students, bases, base_by_id, cal, closures, weekly_seats, academic, industry,
             acad_by_uni, ind_by_base, prog_weeks, starts, usable, rng):
    """Figures for the README, and a first-come greedy schedule (a lower bound on placements)."""
    st = {}
    nw = len(cal.weeks)
    st["seat_weeks"] = sum(sum(cal.seats[b["id"]]) for b in bases)
    st["working_seat_weeks"] = sum(cal.seats[b["id"]][w] for b in bases for w in range(nw) if not cal.closed[b["id"]][w])
    st["demand"] = sum(prog_weeks[s["programme"]] for s in students)
    st["programmes"] = Counter(s["programme"] for s in students)
    st["windows"] = sum(1 for s in students if s["from"] or s["to"])
    st["late_start"] = sum(1 for s in students if s["from"])
    st["early_end"] = sum(1 for s in students if s["to"])
    st["one_academic"] = sorted(s["id"] for s in students
                                if sum(compatible(s["langs"], m["langs"]) for m in acad_by_uni[s["university"]]) == 1)
    st["one_mentor_bases"] = sum(1 for b in bases if len(ind_by_base[b["id"]]) == 1)
    st["mentor_short_bases"] = sorted(b["id"] for b in bases if sum(m["max"] for m in ind_by_base[b["id"]]) < b["seats"])
    # Demand on each base: working weeks of the students ranking it first.
    first = Counter()
    for s in students:
        if s["prefs"]:
            w = 6 if s["programme"] == ROTATION["id"] else prog_weeks[s["programme"]]
            first[s["prefs"][0]] += w
    st["oversubscribed"] = sorted(
        ((first[b["id"]] / max(1, sum(cal.seats[b["id"]])), b["id"], first[b["id"]], sum(cal.seats[b["id"]]))
         for b in bases if first[b["id"]] > sum(cal.seats[b["id"]])), reverse=True)
    # Students with at least one ranked base that fits her (field, language, mentor, a start).
    feasible = 0
    for s in students:
        if s["programme"] == ROTATION["id"]:
            p1 = [base_by_id[b] for b in s["prefs"] if usable(s, base_by_id[b], "bri_enterprise", 6)]
            p2 = [base_by_id[b] for b in s["prefs"] if usable(s, base_by_id[b], "asean_firm", 6)]
            feasible += any(a["country"] != c["country"] for a in p1 for c in p2)
        else:
            feasible += any(usable(s, base_by_id[b]) for b in s["prefs"])
    st["feasible_alone"] = feasible
    # Greedy: students in a random order, each takes her best-ranked base and earliest start with a
    # free seat and free mentors.
    occ = {b["id"]: [0] * nw for b in bases}
    load = {m["id"]: [0] * nw for m in academic + industry}
    order = list(students)
    random.Random(12345).shuffle(order)
    placed, ranks = 0, Counter()

    def fits_span(bid, sp):
        return all(occ[bid][w] < cal.seats[bid][w] for w in range(sp[0], sp[1] + 1))

    def mentor_for(s, ms, sp):
        for m in ms:
            if compatible(s["langs"], m["langs"]) and all(load[m["id"]][w] < m["max"] for w in range(sp[0], sp[1] + 1)):
                return m
        return None

    def take(bid, m_ind, sp, m_acad):
        for w in range(sp[0], sp[1] + 1):
            occ[bid][w] += 1
            load[m_ind["id"]][w] += 1
            load[m_acad["id"]][w] += 1

    for s in order:
        acad = acad_by_uni[s["university"]]
        done = False
        if s["programme"] == ROTATION["id"]:
            for r1, b1 in enumerate(s["prefs"]):
                B1 = base_by_id[b1]
                if done or not usable(s, B1, "bri_enterprise", 6):
                    continue
                for sp1 in starts(s, B1, 6):
                    if done or not fits_span(b1, sp1) or not mentor_for(s, ind_by_base[b1], sp1):
                        continue
                    for r2, b2 in enumerate(s["prefs"]):
                        B2 = base_by_id[b2]
                        if done or B2["country"] == B1["country"] or not usable(s, B2, "asean_firm", 6):
                            continue
                        for sp2 in starts(s, B2, 6):
                            if sp2[0] < sp1[1] + 1 + ROTATION["gap"] or not fits_span(b2, sp2):
                                continue
                            mi2 = mentor_for(s, ind_by_base[b2], sp2)
                            ma = next((m for m in acad if compatible(s["langs"], m["langs"]) and all(
                                load[m["id"]][w] < m["max"] for sp in (sp1, sp2) for w in range(sp[0], sp[1] + 1))), None)
                            if mi2 and ma:
                                take(b1, mentor_for(s, ind_by_base[b1], sp1), sp1, ma)
                                take(b2, mi2, sp2, ma)
                                placed += 1
                                ranks[r1 + 1] += 1
                                ranks[r2 + 1] += 1
                                done = True
                                break
        else:
            for r, bid in enumerate(s["prefs"]):
                B = base_by_id[bid]
                if done or not usable(s, B):
                    continue
                for sp in starts(s, B, prog_weeks[s["programme"]]):
                    if not fits_span(bid, sp):
                        continue
                    mi = mentor_for(s, ind_by_base[bid], sp)
                    ma = mentor_for(s, acad, sp)
                    if mi and ma:
                        take(bid, mi, sp, ma)
                        placed += 1
                        ranks[r + 1] += 1
                        done = True
                        break
    st["greedy_placed"] = placed
    st["greedy_ranks"] = ranks
    return st


# ---------------------------------------------------------------------------------------------
def yaml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_scenario(out, n, seed, supply, work_limit, g):
    os.makedirs(out, exist_ok=True)
    st = g["stats"]
    name = os.path.basename(os.path.normpath(out))
    cmd = f"python3 benchmarks/make_schedule_scenario.py --students {n} --seed {seed}" + \
          (f" --supply {supply:g}" if supply != 1.35 else "") + \
          (f" --work-limit {work_limit}" if work_limit != 80000 else "") + f" --out {out}"
    countries = sorted({b["country"] for b in g["bases"]})
    rot = st["programmes"][ROTATION["id"]]
    L = []
    L.append(f"# A week-level scheduling scenario: {len(g['students']):,} students from {len(g['universities'])} China and ASEAN")
    L.append(f"# universities, {len(g['bases'])} bases in {len(countries)} countries, one {len(g['cal'].weeks)}-week term with closures,")
    L.append("# programmes of 6, 8 and 12 weeks and a two-part rotation, visa lead times, and academic and")
    L.append("# industry mentors. Generated (do not edit by hand):")
    L.append(f"#   {cmd}")
    L.append("# See README.md.")
    L.append("format_version: 1")
    L.append(f"name: {name}")
    L.append("terms:")
    L.append(f"  - {{ id: {TERM_ID}, name: {TERM_NAME}, start: {TERM_START}, end: {TERM_END} }}")
    L.append("universities: universities.csv")
    L.append("students: students.csv     # programme empty = the default programme; available_from/to empty = open")
    L.append("bases: bases.csv           # capacity = seats per week of the term")
    L.append("schedule:")
    L.append(f"  decision_date: {DECISION_DATE}          # placements announced; lead times count from here")
    L.append("  mentor_language_minimum: B1")
    L.append(f"  default_programme: {DEFAULT_PROGRAMME}")
    L.append("  programmes:")
    for pid, credits, weeks, _ in PROGRAMMES:
        if weeks:
            L.append(f"    - {{ id: {pid}, credits: {credits}, weeks: {weeks} }}")
        else:
            L.append(f"    - id: {yaml_str(pid)}")
            L.append(f"      credits: {credits}")
            L.append("      rotation:                       # a Chinese-funded enterprise, then an ASEAN firm")
            L.append(f"        gap_weeks: {ROTATION['gap']}                    # a week to travel between them")
            L.append("        different_country: true")
            L.append("        parts:")
            for w, k in ROTATION["parts"]:
                L.append(f"          - {{ weeks: {w}, kinds: [{k}] }}")
    L.append("  closures:                           # public holidays expected in 2027; a week with any closed day")
    L.append("                                      # holds the seat but is not a working week")
    for c in g["closures"]:
        where = f"countries: [{', '.join(c['countries'])}]" if c["countries"] else f"bases: [{', '.join(c['bases'])}]"
        L.append(f"    - {{ name: {yaml_str(c['name'])}, from: {c['from']}, to: {c['to']}, {where} }}")
    L.append("  weekly_seats:")
    for o in g["weekly_seats"]:
        L.append(f"    - {{ base: {o['base']}, from: {o['from']}, to: {o['to']}, seats: {o['seats']} }}   # {o['why']}")
    L.append("  lead_times:                         # weeks before the first day; the most specific rule wins")
    for r in g["lead_rules"]:
        parts = []
        if r.get("nationality"):
            parts.append(f"nationality: {r['nationality']}")
        if r.get("country"):
            parts.append(f"country: {r['country']}")
        parts.append(f"weeks: {r['weeks']}")
        line = f"    - {{ {', '.join(parts)} }}"
        if r.get("why"):
            line = f"{line:<52}# {r['why']}"
        L.append(line)
    L.append("  academic_mentors: academic-mentors.csv")
    L.append("  industry_mentors: industry-mentors.csv")
    L.append("policy:")
    L.append("  objectives: [max_placed, min_cost, balance_mentor_load]")
    L.append("  rank_cost: squared")
    L.append("  unranked: { allowed: false, cost: 100 }")
    # The work limit makes the report reproducible (GLPK stops at the same point on any machine);
    # the time limit is only a safety net and must not bind first.
    L.append(f"  work_limit_iterations: {work_limit}")
    L.append("  time_limit_seconds: 3600")
    with open(os.path.join(out, "scenario.yaml"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(L) + "\n")

    write_csv(os.path.join(out, "universities.csv"), ["id", "name", "country", "city", "latitude", "longitude"],
              [[u["id"], u["name"], u["country"], u["city"], u["latitude"], u["longitude"]] for u in g["universities"]])
    write_csv(os.path.join(out, "bases.csv"),
              ["id", "name", "kind", "country", "city", "latitude", "longitude", "fields", "languages", "capacity"],
              [[b["id"], b["name"], b["kind"], b["country"], b["city"], b["lat"], b["lon"], b["fields"], b["languages"],
                b["seats"]] for b in g["bases"]])
    write_csv(os.path.join(out, "students.csv"),
              ["id", "name", "university", "nationality", "field", "languages", "grade", "programme",
               "available_from", "available_to", "preferences"],
              [[s["id"], s["name"], s["university"], s["nationality"], s["field"], languages_text(s["langs"]),
                f"{s['grade']:.2f}", "" if s["programme"] == DEFAULT_PROGRAMME else s["programme"],
                s["from"] or "", s["to"] or "", " > ".join(s["prefs"])] for s in g["students"]])
    write_csv(os.path.join(out, "academic-mentors.csv"), ["id", "name", "university", "languages", "max_interns"],
              [[m["id"], m["name"], m["home"], languages_text(m["langs"], mentor=True), m["max"]] for m in g["academic"]])
    write_csv(os.path.join(out, "industry-mentors.csv"), ["id", "name", "base", "languages", "max_interns"],
              [[m["id"], m["name"], m["home"], languages_text(m["langs"], mentor=True), m["max"]] for m in g["industry"]])
    write_readme(out, name, cmd, n, work_limit, g)


def one_academic_text(ids, by_id):
    """Who the students with a single compatible academic mentor are, for the README."""
    cn_abroad = [i for i in ids if by_id[i]["uc"] != "CN" and by_id[i]["nationality"] == "CN"]
    at_cn = [i for i in ids if by_id[i]["uc"] == "CN"]
    rest = [i for i in ids if i not in cn_abroad and i not in at_cn]
    parts = []
    if cn_abroad:
        parts.append(f"{len(cn_abroad)} Chinese exchange students at ASEAN universities who get by in Chinese only "
                     f"(e.g. {', '.join('`' + x + '`' for x in cn_abroad[:3])})")
    if at_cn:
        parts.append(f"{len(at_cn)} international students at Chinese universities with little Chinese "
                     f"(e.g. {', '.join('`' + x + '`' for x in at_cn[:3])})")
    if rest:
        parts.append(f"{len(rest)} others (e.g. {', '.join('`' + x + '`' for x in rest[:3])})")
    return "; ".join(parts) if parts else "none"


def write_readme(out, name, cmd, n, work_limit, g):
    st = g["stats"]
    cal = g["cal"]
    bases, students = g["bases"], g["students"]
    base_by_id = {b["id"]: b for b in bases}
    countries = sorted({b["country"] for b in bases})
    kinds = Counter(b["kind"] for b in bases)
    nw = len(cal.weeks)
    rot = st["programmes"][ROTATION["id"]]
    pw = g["prog_weeks"]
    closed_weeks = Counter()
    for c in COUNTRIES:
        bs = [b for b in bases if b["country"] == c]
        if bs:
            closed_weeks[c] = sum(cal.closed[bs[0]["id"]])
    def wk(d):
        return 1 + (d - TERM_START).days // 7

    def days(a, z):
        if a == z:
            return f"{a.day} {a:%b}"
        if a.month == z.month:
            return f"{a.day}–{z.day} {z:%b}"
        return f"{a.day} {a:%b}–{z.day} {z:%b}"

    R = []
    R.append(f"# {name} — a scheduled alliance term, week by week")
    R.append("")
    R.append(f"{len(students):,} students from {len(g['universities'])} universities in China and ASEAN "
             f"({', '.join(sorted({u['city'] for u in g['universities']}))}), {len(bases)} internship bases in "
             f"{len(countries)} countries ({', '.join(countries)}), one term of {nw} weeks "
             f"({TERM_NAME}, {TERM_START} to {TERM_END}, decisions on {DECISION_DATE}). Every placement gets a "
             "base, a start week, an end week, an academic mentor at home and an industry mentor at the base "
             "(rules: [docs/scheduling.md](../../docs/scheduling.md)).")
    R.append("")
    R.append("## What it contains")
    R.append("")
    reused = sum(1 for b in bases if b["origin"] == "alliance-term")
    made = sum(1 for b in bases if b["origin"] == "made")
    R.append(f"- **Bases**: {kinds['asean_firm']} ASEAN firms, {kinds['bri_enterprise']} Chinese-funded Belt and Road "
             f"enterprises, {kinds['university_lab']} university labs and {kinds['government']} government agencies. "
             f"{reused} firms and labs are taken from [`alliance-term`](../alliance-term/README.md)'s bases (same ids, "
             "names, fields and language requirements; their per-semester seats became 1–4 seats per week), chosen "
             "so that each field's seats follow its students"
             + (f"; {made} more are made the way the shared bench's generator made those" if made else "")
             + ". The agencies (alliance-term has none) are new.")
    R.append(f"- **Seats**: {st['seat_weeks']:,} seat-weeks on offer ({st['working_seat_weeks']:,} of them in working "
             f"weeks) against {st['demand']:,} working weeks that the students' programmes need — "
             f"{st['seat_weeks'] / st['demand']:.2f}× in all, {st['working_seat_weeks'] / st['demand']:.2f}× counting "
             "working weeks only. Preferences are skewed (popularity carried over from how often alliance-term's "
             f"students ranked each base), so {len(st['oversubscribed'])} bases are the first choice of more "
             "intern-weeks than they have seat-weeks; the busiest:")
    R.append("")
    R.append("  | base | kind | country | seats/week | first-choice intern-weeks | seat-weeks |")
    R.append("  |---|---|---|---:|---:|---:|")
    for ratio, bid, dem, sup in st["oversubscribed"][:5]:
        b = base_by_id[bid]
        R.append(f"  | `{bid}` {b['name']} | {b['kind']} | {b['country']} | {b['seats']} | {dem} | {sup} |")
    R.append("")
    pr = st["programmes"]
    R.append(f"- **Programmes** (credits from length): `STD8` 8 weeks for 6 credits ({pr['STD8']} students, the "
             f"default: empty `programme` cell), `SHORT6` 6 weeks for 4 credits ({pr['SHORT6']}), `EXT12` 12 weeks for "
             f"9 credits ({pr['EXT12']}), and the rotation `ROT12` ({rot} students, "
             f"{100 * rot / len(students):.0f} %): 6 weeks at a Chinese-funded enterprise, at least one week to travel, "
             "then 6 weeks at an ASEAN firm in another country, 9 credits. Rotation students rank bases of both kinds; "
             "they count as placed only when both parts are.")
    R.append(f"- **Windows**: {st['windows']} students have dates — {st['late_start']} can only start later "
             "(exams or a thesis defence from last semester), "
             f"{st['early_end']} must finish early (graduation, exams); some both, a few on mid-week dates. Every "
             "window is long enough for her programme.")
    cl = []
    for c in g["closures"]:
        where = ", ".join(c["countries"]) if c["countries"] else ", ".join(f"`{b}`" for b in c["bases"])
        weeks = sorted({wk(d) for d in (c["from"], c["to"]) if TERM_START <= d <= TERM_END} |
                       {w + 1 for w in range(nw) if c["from"] <= cal.last_day(w) and cal.weeks[w] <= c["to"]})
        cl.append(f"{c['name']} ({where}: {days(c['from'], c['to'])}, week{'s' if len(weeks) > 1 else ''} "
                  f"{', '.join(map(str, weeks))})")
    R.append(f"- **Closures** ({len(g['closures'])}): " + "; ".join(cl) + ". The term starts on Monday "
             f"{TERM_START.day} {TERM_START:%B}, in the last days of the lunar new year holidays, so its first week is "
             "already a closure week in China, Viet Nam, Malaysia and Singapore. A week with any closed day holds "
             "the intern's seat but does not count as a working week, and no internship starts in one: "
             "Chinese bases lose " + f"{closed_weeks['CN']} of the {nw} weeks, Vietnamese {closed_weeks['VN']}, "
             "Malaysian " + f"{closed_weeks['MY']}.")
    ws = []
    for o in g["weekly_seats"]:
        ws.append(f"`{o['base']}` ({base_by_id[o['base']]['kind']}) {o['seats']} seat{'s' if o['seats'] != 1 else ''} "
                  f"{days(o['from'], o['to'])}: {o['why']}")
    R.append(f"- **Weekly seats** ({len(g['weekly_seats'])} changes): " + "; ".join(ws) + ". A week without seats "
             "cannot be covered at all, so the two-week lab closures split those labs' terms in two.")
    R.append("- **Lead times** (visa and permits, counted from the decision date): none within one's own country; "
             "2 weeks by default; Chinese nationals going abroad 4 (Singapore 6); Singapore 6; anyone else going to "
             "China 10 (so not before week 3); Myanmar nationals 10, and 12 to China (not before week 5).")
    acad = g["academic"]
    per_uni = Counter(m["home"] for m in acad)
    ind = g["industry"]
    R.append(f"- **Mentors**: {len(acad)} academic mentors ({min(per_uni.values())}–{max(per_uni.values())} per "
             f"university, {min(m['max'] for m in acad)}–{max(m['max'] for m in acad)} interns each at once; "
             f"together about three quarters of each university's students) and {len(ind)} industry mentors "
             f"(1–2 per base, {st['one_mentor_bases']} bases with only one; 1–4 interns each). A mentor and an "
             "intern must share a language at B1 or better. Chinese professors' English ranges from fluent to "
             "rusty, and each ASEAN faculty has one Chinese-speaking lecturer, so "
             f"{len(st['one_academic'])} students have exactly one academic mentor they can work with: "
             + one_academic_text(st["one_academic"], {s["id"]: s for s in students}) + ". "
             f"At {len(st['mentor_short_bases'])} bases "
             "the mentors can take fewer interns than there are seats, so mentor capacity, not seats, is the limit there.")
    R.append("")
    R.append("## What makes it interesting")
    R.append("")
    R.append(f"- **Seats are not the only limit.** {st['feasible_alone']} of {len(students)} students have at "
             "least one ranked base that fits her on its own (field, language, a compatible mentor, a start week "
             "inside her window after her lead time and away from closures); "
             f"{len(students) - st['feasible_alone']} cannot be placed whatever the others do, and the report says why. "
             f"A first-come greedy schedule (each student in a random order takes her best ranked base at its "
             f"earliest possible start) places {st['greedy_placed']}; the optimiser has to do at least as well, "
             "choosing start weeks so that short, long and rotation internships share seats and mentors.")
    R.append("- **Timing matters.** Early weeks are scarce at Chinese bases (Spring Festival, then the 10-week "
             "visa lead time for foreigners), the April water festivals and Golden Week cut weeks out of the middle of "
             "the term, and 12-week and rotation programmes barely fit around them.")
    R.append("- **Rotations need two of everything.** A rotation student needs a Chinese-funded enterprise and "
             "then, a week later and in another country, an ASEAN firm, each with a seat and a compatible industry "
             "mentor, and the same academic mentor throughout; one part alone does not count.")
    R.append("- **Mentor load is balanced** (`balance_mentor_load`, after placing as many as possible at the "
             "lowest squared rank cost): the largest weekly load of any academic mentor, then of any industry "
             "mentor, is minimised.")
    R.append(f"- **Reproducible limits.** With a few hundred students GLPK finds very good schedules but does not "
             f"prove the last placements optimal within minutes, so the policy sets `work_limit_iterations: {work_limit}` "
             f"(a budget of simplex iterations: GLPK stops at the same point on any machine, so the report is the same "
             f"everywhere) and a one-hour time limit only as a safety net. The report gives each stage's bound and gap.")
    R.append("")
    R.append("## Files")
    R.append("")
    R.append("`scenario.yaml` (term, schedule, policy), `universities.csv`, `students.csv` (with `programme`, "
             "`available_from`, `available_to`), `bases.csv` (`capacity` = seats per week), `academic-mentors.csv`, "
             "`industry-mentors.csv`.")
    R.append("")
    R.append(f"Generated with `{cmd}` (deterministic: the same arguments give the same bytes; "
             "`--students 3000` gives the ten-times-larger version, see [benchmarks/README.md](../../benchmarks/README.md)). "
             "The files here are the scenario; the generator is not needed to use them.")
    R.append("")
    R.append(f"Run it: `placement solve {out}/scenario.yaml`.")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(R) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, required=True, help="number of students (a few hundred for the bundled one)")
    ap.add_argument("--out", required=True, help="folder to write (created; files in it are overwritten)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work-limit", type=int, default=80000, help="the policy's work_limit_iterations (GLPK simplex iterations)")
    ap.add_argument("--supply", type=float, default=1.35,
                    help="seat-weeks on offer per working week the programmes need (default 1.35)")
    ap.add_argument("--source", default=DEFAULT_SOURCE, help="alliance-term folder to reuse universities and bases from")
    a = ap.parse_args()
    if a.students < 1:
        ap.error("--students must be at least 1")
    g = generate(a.students, a.seed, a.source, a.supply)
    write_scenario(a.out, a.students, a.seed, a.supply, a.work_limit, g)
    st = g["stats"]
    print(f"wrote {a.out}: {len(g['students'])} students, {len(g['bases'])} bases in "
          f"{len({b['country'] for b in g['bases']})} countries, {len(g['closures'])} closures, "
          f"{st['programmes'][ROTATION['id']]} rotation students, {len(g['academic'])} academic + "
          f"{len(g['industry'])} industry mentors; seat-weeks {st['seat_weeks']} (working {st['working_seat_weeks']}) "
          f"vs demanded intern-weeks {st['demand']}; feasible alone {st['feasible_alone']}, greedy places "
          f"{st['greedy_placed']}", file=sys.stderr)


if __name__ == "__main__":
    main()
