import os

from github import Github

# ruleid: github-token
client = Github("github_pat_11AFAKE7Q0kR3mZx9VtLw2_p8Nc5Hy1Bq6Ws4Jd7Kf0Lg3Mh9Rt2Yv5Xe8Za1Cu4Dn7Eo0Fi3Gk6Hl9JmQ")
# ok: github-token
client = Github(os.environ["GITHUB_TOKEN"])
# ok: github-token
EXAMPLE = "ghp_0000000000000000000000000000000000000"
