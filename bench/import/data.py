#!/usr/bin/env python3
"""Data for the import benchmark (bench/import/run).

  data.py csv N FILE.csv [--encoding cp932|utf-8]
      N contract rows of one municipality as its spreadsheet would hold them: Japanese headers,
      amounts like "1,320,000", 税込/税抜, 一括/月額/年額, dates like 2024/4/1, contract methods in
      Japanese, ~200 vendors (half with corporate numbers, some spelled two ways), unique 契約番号.

  data.py xlsx N FILE.xlsx
      The same N rows as an Excel workbook written by XlsxWriter (pip install XlsxWriter), as a
      municipality's list is kept: amounts as numbers with a yen format, dates as date cells,
      text in the shared strings table.

  data.py copy FILE.csv VENDORS.tsv OUT.tsv
      The same rows as COPY text for the contracts table: values normalised and vendors
      pre-resolved to ids through VENDORS.tsv (name<TAB>id for every registered name and alias).

The rows are deterministic (fixed seed), so every run measures the same data.
"""

import csv
import random
import sys

MUNICIPALITY = "373869"

CATEGORIES = [
    ("予約システム", "reservation_system"), ("住民記録・基幹系システム", "resident_records"),
    ("税務システム", "tax_system"), ("福祉・介護システム", "welfare_system"),
    ("健康管理システム", "health_system"), ("LGWAN・ネットワーク", "lgwan_network"),
    ("ウェブサイト・CMS", "website_cms"), ("コールセンター", "call_centre"),
    ("ワクチン接種事務", "vaccination_operations"), ("データセンター・クラウド", "data_centre_cloud"),
    ("グループウェア・事務用ソフト", "groupware_office"), ("文書管理・電子決裁", "document_management"),
    ("機器賃貸借", "hardware_lease"), ("保守・運用支援", "maintenance_support"), ("その他", "other"),
]
WORKS = ["運用保守業務", "システム改修業務", "賃貸借契約", "ライセンス更新", "導入業務", "委託業務", "保守点検業務"]
SUBJECTS = ["ワクチン接種予約", "住民基本台帳", "固定資産税", "介護保険", "健康管理", "庁内ネットワーク", "ホームページ",
            "コールセンター", "財務会計", "文書管理", "グループウェア", "戸籍", "選挙", "図書館", "学校ICT"]
STEMS = ["エービーシー", "さくら", "瀬戸内", "四国", "ネクスト", "コスモ", "ミライ", "アオバ", "ひかり", "テクノ",
         "サンライズ", "富士", "みどり", "大和", "中央", "東和", "西日本", "日本", "丸亀", "讃岐"]
KINDS = ["システム", "情報サービス", "ソリューションズ", "コンサルティング", "データ", "通信", "ソフト", "電算", "ネット", "工業"]
BASES = [("一括", "one_time"), ("月額", "monthly"), ("年額", "annual")]
METHODS = [("一般競争入札", "general_competitive"), ("指名競争入札", "designated_competitive"),
           ("随意契約", "negotiated"), ("その他", "other")]
HEADER = ["件名", "製品名", "事業者名", "法人番号", "分類", "金額", "税込", "支払区分", "開始日", "終了日", "契約方法",
          "更新通知日", "契約番号", "備考", "出典URL"]


def corporate_number(base):
    """The 13-digit corporate number with this 12-digit base (check digit first)."""
    total = sum(int(d) * (1 if n % 2 == 1 else 2) for n, d in enumerate(reversed(base), start=1))
    return str(9 - total % 9) + base


def vendors(rng):
    """About 200 vendors: (registered spelling, another spelling or None, corporate number or None)."""
    result = []
    for i, (stem, kind) in enumerate((s, k) for s in STEMS for k in KINDS):
        name = f"株式会社{stem}{kind}"
        other = f"{stem}{kind}(株)" if i % 4 == 0 else None
        number = corporate_number(f"{4000000000 + i * 7919:012d}") if i % 2 == 0 else None
        result.append((name, other, number))
    rng.shuffle(result)
    return result


def rows(count):
    rng = random.Random(20240401)
    known = vendors(rng)
    for i in range(count):
        # A few vendors hold most contracts, as in real registers; a third of the rows spread evenly.
        index = min(int(rng.paretovariate(1.2)) - 1, len(known) - 1) if i % 3 else rng.randrange(len(known))
        name, other, number = known[index]
        spelling = other if other and rng.random() < 0.3 else name
        category_ja, _ = CATEGORIES[rng.randrange(len(CATEGORIES))]
        year = 2019 + rng.randrange(6)
        month = 4 if rng.random() < 0.7 else rng.randrange(1, 13)
        months = rng.choice([12, 12, 12, 24, 36, 60])
        # Ends on the last day of the term's last month (28 February is always a valid end).
        last = month - 1 + months - 1
        end_year, end_month = year + last // 12, last % 12 + 1
        end_day = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][end_month - 1]
        basis_ja, basis = BASES[rng.choices(range(3), weights=[5, 3, 2])[0]]
        amount = rng.randrange(10, 5000) * (1000 if basis != "one_time" else 10000)
        method_ja, method = METHODS[rng.choices(range(4), weights=[4, 2, 5, 1])[0]]
        notice = f"{end_year}/{end_month}/1" if rng.random() < 0.3 else ""
        notes = "契約変更あり、単価見直し" if rng.random() < 0.1 else ""
        yield {
            "件名": f"{SUBJECTS[rng.randrange(len(SUBJECTS))]}{WORKS[rng.randrange(len(WORKS))]}",
            "製品名": f"{SUBJECTS[rng.randrange(len(SUBJECTS))]}システム Ver.{rng.randrange(1, 9)}" if rng.random() < 0.6 else "",
            "事業者名": spelling, "法人番号": number or "",
            "分類": category_ja, "金額": f"{amount:,}", "税込": "税込" if rng.random() < 0.8 else "税抜",
            "支払区分": basis_ja, "開始日": f"{year}/{month}/1", "終了日": f"{end_year}/{end_month}/{end_day}",
            "契約方法": method_ja, "更新通知日": notice, "契約番号": f"R{year - 2018}-{i + 1:06d}", "備考": notes,
            "出典URL": "https://www.town.utazu.lg.jp/keiyaku/" if rng.random() < 0.2 else "",
        }


def write_csv(count, path, encoding):
    # newline="" with lineterminator CRLF: the file Excel writes.
    with open(path, "w", encoding="cp932" if encoding == "cp932" else "utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
        writer.writeheader()
        for row in rows(count):
            writer.writerow(row)


def write_xlsx(count, path):
    import datetime
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("契約一覧")
    date = book.add_format({"num_format": "yyyy/m/d"})
    yen = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, HEADER)
    for number, row in enumerate(rows(count), start=1):
        for column, heading in enumerate(HEADER):
            value = row[heading]
            if value == "":
                continue
            if heading == "金額":
                sheet.write_number(number, column, int(value.replace(",", "")), yen)
            elif heading in ("開始日", "終了日", "更新通知日"):
                year, month, day = (int(part) for part in value.split("/"))
                sheet.write_datetime(number, column, datetime.datetime(year, month, day), date)
            else:
                sheet.write_string(number, column, value)
    book.close()


def copy_value(text):
    if text == "":
        return "\\N"
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def iso(date):
    year, month, day = date.split("/")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def write_copy(csv_path, vendors_path, out_path):
    ids = {}
    with open(vendors_path, encoding="utf-8") as vendor_file:
        for line in vendor_file:
            name, vendor_id = line.rstrip("\n").split("\t")
            ids[name] = vendor_id
    categories = dict(CATEGORIES)
    bases = dict(BASES)
    methods = dict(METHODS)
    encoding = "utf-8"
    with open(csv_path, "rb") as probe:
        try:
            probe.read().decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp932"
    with open(csv_path, encoding=encoding, newline="") as source, open(out_path, "w", encoding="utf-8") as out:
        for row in csv.DictReader(source):
            values = [
                MUNICIPALITY, ids[row["事業者名"]], categories[row["分類"]], row["件名"], row["製品名"],
                row["金額"].replace(",", ""), "t" if row["税込"] == "税込" else "f", bases[row["支払区分"]],
                iso(row["開始日"]), iso(row["終了日"]), methods[row["契約方法"]],
                iso(row["更新通知日"]) if row["更新通知日"] else "", row["契約番号"], row["備考"], row["出典URL"],
            ]
            out.write("\t".join(copy_value(v) for v in values) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "csv":
        encoding = sys.argv[5] if len(sys.argv) >= 6 and sys.argv[4] == "--encoding" else "cp932"
        write_csv(int(sys.argv[2]), sys.argv[3], encoding)
    elif len(sys.argv) == 4 and sys.argv[1] == "xlsx":
        write_xlsx(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "copy":
        write_copy(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
