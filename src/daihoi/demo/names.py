"""Invented names for the demo's party members in Lạng Sơn: Tày, Nùng, Kinh and Dao family
names in rough proportion, a middle name as people of that generation (born 1946–1987) had
them, and a given name that nobody else in a small organisation has.

Every combination is made up; any likeness to a real person is chance.

A ``NamePicker`` names the members of one organisation. It draws each given name among the
least used so far in that organisation (weighted by how common the name is), so no given name
repeats until every name of that gender has been given once: 178 men's and 140 women's names
(287 different names, some given to both), so an organisation of up to about 150 members has
no two people with the same given name, and one of 450 has each name at most twice or so.
No two members of an organisation get the same full name.
"""

from __future__ import annotations

import random
from collections import Counter

Weighted = list[tuple[str, int]]

# Family names by ethnicity, with rough weights (per hundred). Tày and Nùng share many
# family names; Kinh families follow the national spread (Nguyễn about two in five).
FAMILIES: dict[str, Weighted] = {
    "Tày": [("Hoàng", 15), ("Nông", 12), ("Lương", 6), ("Hà", 6), ("Nguyễn", 6), ("Lộc", 5),
            ("Bế", 4), ("Vi", 4), ("Đàm", 4), ("Triệu", 4), ("Lăng", 3), ("Chu", 3), ("Mã", 3),
            ("Lý", 3), ("Hứa", 3), ("Dương", 3), ("Ma", 2), ("Lục", 2), ("Tô", 2), ("Đinh", 2),
            ("Lâm", 2), ("Nịnh", 1), ("Sầm", 1), ("Phùng", 1), ("Đoàn", 1)],
    "Nùng": [("Hoàng", 14), ("Lương", 8), ("Vi", 8), ("Lý", 6), ("Nông", 6), ("Chu", 5),
             ("Mã", 5), ("Triệu", 5), ("Lành", 4), ("Lăng", 4), ("Hứa", 4), ("Nguyễn", 4),
             ("Lộc", 3), ("Phùng", 3), ("Dương", 3), ("Đinh", 2), ("Sầm", 2), ("Hà", 2),
             ("Vy", 2), ("Lục", 2), ("Tô", 2), ("Ngôn", 1), ("Long", 1)],
    "Kinh": [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4),
             ("Phan", 4), ("Đỗ", 3), ("Bùi", 3), ("Đặng", 3), ("Ngô", 2), ("Dương", 2),
             ("Đinh", 2), ("Trịnh", 2), ("Đào", 2), ("Hà", 1), ("Lương", 1), ("Tạ", 1),
             ("Hồ", 1), ("Mai", 1), ("Cao", 1), ("Lưu", 1), ("Tô", 1), ("Chu", 1), ("Vương", 1)],
    "Dao": [("Triệu", 30), ("Bàn", 20), ("Đặng", 15), ("Lý", 12), ("Phùng", 10), ("Chảo", 5),
            ("Hoàng", 5), ("Trương", 3)],
}

# Middle names: "Văn" for most men and "Thị" for most women of that generation; some women
# carry "Thị" and a second middle name (Hoàng Thị Thu Hương).
MIDDLE_MALE: Weighted = [
    ("Văn", 56), ("Đức", 6), ("Minh", 5), ("Quang", 4), ("Hữu", 4), ("Xuân", 3), ("Ngọc", 3),
    ("Thanh", 3), ("Công", 3), ("Mạnh", 2), ("Đình", 2), ("Tiến", 2), ("Quốc", 2), ("Trọng", 2),
    ("Viết", 1), ("Kim", 1), ("Hồng", 1)]
MIDDLE_FEMALE: Weighted = [
    ("Thị", 68), ("Thu", 5), ("Thanh", 4), ("Hồng", 3), ("Ngọc", 3), ("Minh", 2), ("Kim", 2),
    ("Bích", 2), ("Thúy", 2), ("Phương", 1), ("Diệu", 1),
    ("Thị Thu", 2), ("Thị Thanh", 2), ("Thị Hồng", 1), ("Thị Kim", 1), ("Thị Minh", 1)]

# Given names; the first ones of each list are the commoner (weight 3), the rest weight 1.
COMMON_MALE = ["Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Sơn", "Thắng", "Cường", "Hưng", "Long",
               "Quang", "Thành", "Trung", "Nam", "Bình", "Đức", "Hòa", "Tiến", "Lâm", "Toàn",
               "Việt", "Hiếu", "Mạnh", "Phúc", "Vinh"]
RARER_MALE = ["An", "Anh", "Bảo", "Bắc", "Cảnh", "Chiến", "Chinh", "Chung", "Công", "Cương",
              "Dân", "Diện", "Doanh", "Duy", "Đại", "Đạo", "Đạt", "Điệp", "Định", "Đoàn", "Đông",
              "Giang", "Hào", "Hậu", "Hiến", "Hiển", "Hiệp", "Hinh", "Hoan", "Hoàn", "Hoàng",
              "Học", "Hợi", "Huân", "Hướng", "Huy", "Khang", "Khánh", "Khiêm", "Khoa", "Khôi",
              "Kiên", "Kiểm", "Kỳ", "Lạc", "Lân", "Lập", "Lịch", "Liêm", "Lợi", "Luân", "Lực",
              "Lượng", "Nghĩa", "Nghiệp", "Nguyên", "Nhân", "Nhất", "Ninh", "Pha", "Phong", "Phú",
              "Phương", "Quân", "Quý", "Quyết", "Sáng", "Sinh", "Tài", "Tâm", "Tân", "Thạch",
              "Thái", "Thao", "Thế", "Thiện", "Thịnh", "Thọ", "Thông", "Thuận", "Tín", "Toản",
              "Trọng", "Trường", "Tú", "Tùng", "Tuyên", "Tư", "Tường", "Uy", "Vịnh", "Vũ",
              "Vượng", "Xuân", "Yên", "Hoạt", "Kháng", "Quảng", "Thưởng", "Triều", "Bằng", "Biên",
              "Cầu", "Chính", "Côn", "Cử", "Đàn", "Đắc", "Đăng", "Điền", "Độ", "Được", "Hạ",
              "Hanh", "Hoạch", "Hóa", "Hội", "Hơn", "Khải", "Khanh", "Kiệm", "Lai", "Lãm", "Lễ",
              "Liệu", "Lĩnh", "Mùi", "Nghị", "Nhiệm", "Phán", "Phiên", "Phụng", "Quyền", "Sỹ",
              "Tạo", "Thăng", "Thiệp", "Thìn", "Thuật", "Thức", "Tiệp", "Tình", "Trí", "Triển",
              "Trực", "Tuyến", "Vận", "Vĩnh", "Vỹ", "Xương", "Ước", "Ân", "Dương"]
COMMON_FEMALE = ["Hương", "Lan", "Hoa", "Hằng", "Hà", "Mai", "Thủy", "Hạnh", "Huyền", "Nga",
                 "Hiền", "Dung", "Liên", "Thu", "Phương", "Yến", "Loan", "Nhung", "Thảo",
                 "Trang"]
RARER_FEMALE = ["An", "Anh", "Ánh", "Bích", "Chi", "Chuyên", "Cúc", "Diệp", "Dịu", "Duyên", "Đào",
                "Điệp", "Gấm", "Giang", "Hải", "Hảo", "Hậu", "Hoài", "Hồng", "Huế", "Huệ",
                "Hường", "Khánh", "Khuyên", "Kim", "Lệ", "Liễu", "Linh", "Lụa", "Luyến", "Lý",
                "Mận", "My", "Ngà", "Ngân", "Nguyệt", "Nhàn", "Nụ", "Nương", "Oanh", "Phấn",
                "Phượng", "Quế", "Quyên", "Quỳnh", "Sen", "Son", "Tâm", "Thắm", "Thanh", "Thêu",
                "Thoa", "Thơ", "Thơm", "Thúy", "Thùy", "Thư", "Thương", "Trâm", "Tuyết", "Tuyền",
                "Tươi", "Uyên", "Vân", "Vui", "Xuân", "Xuyến", "Yên", "Chinh", "Hoan", "Hòa",
                "Minh", "Ngọc", "Nhài", "Sim", "Mỹ", "Nhị", "Pha", "Lành", "Bình", "Cẩm", "Châm",
                "Diễm", "Đông", "Hạ", "Hiên", "Hoàn", "Hợi", "Huyên", "Khanh", "Lài", "Lựu", "Mơ",
                "Mùi", "Nết", "Ngát", "Nhẫn", "Nhiên", "Nhu", "Phúc", "Quý", "Sâm", "Thái",
                "Thìn", "Thoan", "Thuần", "Thuận", "Thục", "Tình", "Trinh", "Túc", "Tuyên",
                "Vinh", "Viên", "Xoan", "Dậu", "Nhuần", "Ngần", "Len", "Chiên"]

GIVEN_MALE: Weighted = [(n, 3) for n in COMMON_MALE] + [(n, 1) for n in RARER_MALE]
GIVEN_FEMALE: Weighted = [(n, 3) for n in COMMON_FEMALE] + [(n, 1) for n in RARER_FEMALE]


def _pick(rng: random.Random, options: Weighted) -> str:
    names = [name for name, _ in options]
    return rng.choices(names, weights=[weight for _, weight in options])[0]


class NamePicker:
    """Names the members of one organisation, deterministically from ``seed``."""

    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(seed)  # noqa: S311 - demo data
        self._given: Counter[str] = Counter()  # both genders: a man An and a woman An repeat
        self._full: set[str] = set()

    def _given_name(self, female: bool) -> str:
        options = GIVEN_FEMALE if female else GIVEN_MALE
        used = self._given
        fewest = min(used[name] for name, _ in options)
        name = _pick(self._rng, [(n, w) for n, w in options if used[n] == fewest])
        used[name] += 1
        return name

    def name(self, female: bool, ethnicity: str) -> str:
        given = self._given_name(female)
        families = FAMILIES.get(ethnicity, FAMILIES["Kinh"])
        middles = MIDDLE_FEMALE if female else MIDDLE_MALE
        for _ in range(50):
            family = _pick(self._rng, families)
            middle = _pick(self._rng, middles)
            parts = middle.split() + given.split()
            if family in parts or len(set(parts)) < len(parts):
                continue  # "Hà Thị Hà", "Thanh Thanh": drawn again
            full = f"{family} {middle} {given}"
            if full not in self._full:
                self._full.add(full)
                return full
        raise RuntimeError(f"no new name for {given!r}")  # pragma: no cover - 50 misses


def invented_name(rng: random.Random, female: bool, ethnicity: str) -> str:
    """One name on its own (no organisation to keep given names apart in)."""
    return NamePicker(rng.getrandbits(64)).name(female, ethnicity)
