"""Invented names for demo members: Tày, Nùng and Kinh family names, common given names.

Every combination is made up; any likeness to a real person is chance.
"""

from __future__ import annotations

import random

FAMILIES_TAY_NUNG = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Hà", "Chu", "Triệu", "Mã", "Lộc",
                     "Hứa", "Đàm", "Lý", "Dương", "Vy", "Chu", "Hoàng", "Nông", "Lành", "Bế"]
FAMILIES_KINH = ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Phan",
                 "Đinh", "Trịnh", "Nguyễn", "Trần"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Minh", "Hồng", "Thanh"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hùng",
              "Khải", "Khánh", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Phong", "Phúc", "Quân",
              "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Ân"]
GIVEN_FEMALE = ["Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hiền", "Hoa",
                "Hồng", "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Ngân", "Nhung",
                "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Ánh"]


def invented_name(rng: random.Random, female: bool, ethnicity: str) -> str:
    families = FAMILIES_KINH if ethnicity == "Kinh" else FAMILIES_TAY_NUNG
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{rng.choice(families)} {middle} {given}"
