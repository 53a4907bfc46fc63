"""The average CUFS eye region: a template that finds the eyes when no face detector is installed.

The mean of all 546 CUFS sketches (AR, CUHK, XM2VTS; already in the framing), cropped to
:data:`TEMPLATE_BOX` of the 200×250 frame: both eyes, brows and the top of the nose. Matching it
(normalised cross-correlation over a few scales and shifts) after a rough placement puts the eyes of
CUFSF sketches, which it never saw, within 5 px of the framing's points in 95 % of cases (docs/framing.md).

Stored inline (zlib + base64 of the uint8 pixels) so that it ships with the code in every package and bundle.
Rebuild it with ``python -m s2c_desktop.engine.eye_template`` (prints the new constant).
"""

from __future__ import annotations

import base64
import functools
import zlib

import numpy as np

TEMPLATE_BOX = (40, 95, 160, 160)  # x0, y0, x1, y1 in the 200×250 frame
TEMPLATE_SHAPE = (TEMPLATE_BOX[3] - TEMPLATE_BOX[1], TEMPLATE_BOX[2] - TEMPLATE_BOX[0])  # rows, columns

_TEMPLATE_B64 = (
    "eNpVWYdWW9mS/b6ZWTOz3rxZ042NMc6Rdju3cc45kUUSIBDK+Uo3KF3lnLNASEIgsnveF8w+5wr3m7PaRquN7j5VtatqV91ffzlx"
    "6tzl3/94/n50Vqm3cS6vPxSJJzO5Qqlcra2tr280W+1OZ2t7e7vb3aFnd3eX/EX/kM/d7vG/7HS3t3A6nXartdFYq9eqpWI+k05E"
    "Qz4Pa9Esjn968eDm1fODp/p//eWXE/3nrt4efvFxYkFtdDg9FDadK5Yqtfr6emOj1d7sdLalZ0tAe3v4b4/83JN+SnfZpcAUubO5"
    "2W41CXClVMhlkvFIwCswesXU11fDt66dP33qxIlf+k4OnB+6/ejVF5lCa+VcvmAknkpli6UqYBs92C1q0G4Pap8c6dOe9EHClbDh"
    "GGLxZqu5sb5Wr5ZL+Ww6CYNdDuPKzPc3j+9cvzx46mT/r30nBy/+dvfxu+9zSgMjeIKRWCKdhZNr9bUGfNza7GxvbdPnHmMeHBwe"
    "HhxQ9H36k5rdM55YvE1xW8Bdq1bKsDgVCwe8nEUtH33/7O5vl84N9J/s6zs1eOn6/WefxuQak8PlD0cTqWy+WK7U6+sbNLYIbfcn"
    "KsE8pLg4+wfSoWZLXiAWU18jxM0NEmHg5jOIsOi0aRcnPr3448aV8wP9fX19g2cv/zb86suUQmflvcEorAVslbgZuO325hY1l5p6"
    "QGGPyKHoPfye7cRw2LsjGUwCTBxdAbWyxGC3w7As+/rq4Y2rFwZPnuw7efrclZuP33yfWTHanT6JyuUKxe2xamubUIpa2wOluEeH"
    "hxIy/uCfJFxiLS7aIbwCo2vVapk4Oh2PBj2ceXXu+5tHN69dOHPqZF8/cO8+/Tg2pzaz7gDMJRlULlcqFaTRWoNmUQ9476AH/OMH"
    "/kjoPWwa6D1CK5C53W5ubFBjAVouUUqDWYIVAX739M61i2cG+k+cOn1h6N7LL1MLOhvvC0uZWywWC4ViqVQhuQRomklwtmTwT1Ty"
    "4YjaTQ1GbHtxJUyuVcrFQi6fL+QLBTg6EQk4Ge3i5Mdn94Yunhs8eeLUmYs3Hrz+Jls2gFWReDqXy+EXM6lUOpnKZPOFUokwG9gI"
    "887uPgWmmNKRgA8oo+BeEtMaSIxykU0lk/FEMp3J5rLAjQU9dv3y9JcX94cunxs8deLU2cu3Hr8bmVk1c55gLInfymWJW4KhQDAU"
    "icXiqXQORKvVG802oPcOeiEG5A/JYAoLNnXaG+soFPlcJpWMRUJBv1/0+ZGXgE7j/4S8nFk58+3V8O9Xzg0O9A+cv3b7yYfReY1N"
    "EEMJ3C6dSUT8HoHjHA6WF5xury8Qxn3y5draRnu7u7cvUZriEttJdGHrVruxVilkgBj0ed0Cz9ntdgfLCiiA8WQqkYzTAM+NvH10"
    "68p5BPj0xaF7zz+OL+kJm3E14hG3w2LSqdVKlUqj1ZssDPl2OJ7OV+obm9u7e/s0m34cE3t/f7e7vdmsF7PJcMDj5Ow2s0mvUWt1"
    "Wp3OYLYLHtw7noiH/QiwfPzdk9tXL54dGDhz+cb9F1+mlo1gcwxBjUd8nEWnWl6Ym52ZnpmZly8sLau0JhvrEsPxbGmtudUF8n4v"
    "j46oj7c7rfVyNh70sDajTr2iWFqcl8sXFhYXFUq1zuwQfKFoLBYJuBwGEOvp3WuXzg6ePnv15vCrr9MkvGAzYEXWtKqQT42PjY6N"
    "jI2NT0zKZuYW8AAjw3lCyXy1CW73bD6QQkuMLSThJZN6ZVE+Ny2bmpLJJqdkM7Pz+KLGyAhiMBqNBDysUSH79PweiHVm8Pz1W6ga"
    "s2qrAHuS8bDXYVAtzsomxsfHxgBNkMfHJ2VzcoVKb+b90Uyl0eqggu33KtVud2tzo5qL+1izemlONjkxhi9OTIwDenp2boYg66yc"
    "OxhGDFiTcubri/u/Xbl49uyF67efvB+b1zJOZC+s5YxqxcIccfH0zLRMOpOTU5NT0/PLKqNDjGSq660tGmWCS2CbtVxCdBiUctnk"
    "+BjuCxcRW+Vy+SKOYkVtsAk+5IeHs6hmv7188PuVS2fOXf7t7tP34wt6xh2IILYCY1CtKBTLipUVpXJVtbpCorUwPz87PT0jV6gN"
    "Dk8sV200O10Jlzh5o56Pi6xROT89NTkxMTU9t7CoWF5VqTVqtUqlxAE9GJc/gB5s0cyPvB2+ee3SufNXfrv/7MOUQu9AkSTFjDHq"
    "9BqtzmAym81WxsYwVotJr0Xg5ucXFlc0ZjaQKNQam9TT8PL2VqteSgYEi1oxPzszMydfUmp0BovNhiSy2xmbyaDTarQGq+ANBn1O"
    "q0Y+9v7hreuXzl26+vuDF5+nVoysNxCNhHy83WazWGx2lnd5kfXhYDDg87o4u8WoVS6vrKgMjDucLtVhMBUdXaRtORPx2A3KJbiU"
    "Mt+Br3r9sA+Fw42v4uJmK+fxB30uRrcw8eHJ7aHLFy4P3Rp+/VWmNHPeYCQSEl08zzp4t0hqBepkVqo+4ITgsBjUKo3Owvvi2fJ6"
    "ewsRJrjNaj4eEGwG9eqqWod0c4q0h6dQCdIQGuGg6EQFckC4BUQkkmLyA1r/1UtXbtx9+ObbzKqVF4Ebxg3dLnyKpfNQWFV0JbQx"
    "UtfjYZ+Lg9cMZocrmCrUmp0dYu/2JjFX5JC3eqPVznsDpJNmc+gqaERS64Woc/JOj88HrWNakX1+8cfv1y5eu3kP1XlOaxV84Wg8"
    "Egr4A6FoIlNAQa7XazWCXKKdLIVC52atZgvDi5E0MRjNcbuzUcvTemG12BwkTaEJM/kCuXMdbZQIu1w6FvJ7PWLAJ7oJ7hcQ+trF"
    "odv3n75HdbY6/ZFYPB6LRKLJNKnFa0QcFeHmdCpNHA53R/1unmFsKGyJfL0JOYAG1KjAXAEUsnNuH/pIFBUxmUxBtBCJto6GiKKd"
    "iAQDIIroZi3K6W+vh28OXb5x58Gz92MLWqsrgLsmkwm0n1KVfKGKmyKyQb8vEAhB3MYS8WjAxTE2u+CPZSsNNEa0oPViMujhEUEC"
    "G8TDA34RbSgQjsZSuSIE+NparZRPx8M4AeCuzn57++j20NVbdx4++zi+qGNcgQjpRplsoVytw9YS3CM6wWOUdwg+0e9HWwyKvJ2x"
    "s+4gcTQEEApkLuZz8xzLQnn7RZeTdzBGPb5hdXoD4XiqVAdyDRbg0mE/xLt6duTd47s3rt++/+j5p0mF3u4ORQkhiKarrdXL2Rja"
    "h04+8vrpo4dPXn1fQH6LYIbodNhsDmcwRXA7W+2NajYsChxJAa/HyTosyom3z4Yf4JkQEqwngLKKKCPImWQCHZi3auWjb5/cu4Hw"
    "Pn71eWrZZPeEYqlMXpKS1UIi5LKuzow+uTjwy9//Dsn5bGrZLLg9LrcTFIKjE8U1am+jkg55BdbBolHzHKOWvbp6uu+//2fw7Nkn"
    "U7Nyjc0VShardcQ4lwYxRd5COuGz+7du3H3w7N23aaXZLoYREJChAskL3zGrsxOz84/6L/T/+3+cHuq7tyhfMvIuFyJpQz/2xQpr"
    "mxhekEXJgJsnuC6Bty1PyZ70X+r7t79dvPbrrWXV3NSClhUT+UqtVipk08DlIO0mPjwfvnPz/sMX70dmV80sulGmUCyXQeJs1GmY"
    "HxlZsnPPTt8d/Jf/HBw+88TLKyENOJ5FV7c4vNH8GlQPanM54YN7Wc7p5CwL02ruw+CDgX/926UH/be5ECMfnVgyeeKwpozESER8"
    "vE2zIPv08uEfd/548vrT6JzawonRRA5OrlRL2ajHMPft45QpGv985vKJ//r15NXTH/I5bkmhY1i4meASe5G/WxQXZObdvE0xJvdm"
    "Z88Onfr7LwOXTzyKlCPG8Y/fFsxiIkcqCERbwGXXLE59ef34wb3h52+/TCxobU5fLJXHDFirFlNBTjM38nVKH84tXhroP3em7+Q5"
    "Rb3mUUwv6G2s3WI2OzxRggvdulGKi4LdwQluu3Ly+3KkZB4aOH1+sO/EwEiuHjNNfPgiU3PhbLFIxHsi5HboFdPf3zwdvv/4xYfv"
    "MnQjTzCRLqDI1IEbEowr8pnZVZvf8uj0qbNnTvQ/dBYi1rmxWaXRwUI92T3R4vrW7v5+twl7Beg/l8u8OPJ9zh5yv4WUON3Xd8uY"
    "S7CKyfEpuYYNpAqSwaCgUTk3+u75w+Fnb+DmZSPvi/bqBVIoinprMuo0OpN+/Pb5wcELd2QOiB/53LLOamcZs9nmjRYb23sH+zut"
    "cgLVioXqtKsW5ctqk3X+8eWzA2eHRq1Oy6piaWlVZxVQzyuYz3KpqE+wqOSjH14+efTi3ZeJeaXFGYxlQHhMvGvVQiri87hdAsdY"
    "zerpTy9fvZ/SoBNbbQwMQ7JYzIwn1sNtV4Dr4Jxe0Y1K5iDeWMJz340v641GtHCLFaouikdjfMBYGHSTofDj6+ePX3/8LltUM24o"
    "tgrmgsZGo17OpyCCAz6/CB3ssBgNZhvLchzPCYLTKSCPzHZvrLTRheDYaVN7eVJTSNNx4Rd4xmIgX+EEfBZcHqjjPGpRrVLIJiOi"
    "3aCY+Pz25dO3n0dnlvWQTelilQyAmNJruFkqEY+EUW/9osftdPIcZ2esNtBWIG0cfI4T3EOK6yNNDmXU6+RYjncKLhy324MqLUI5"
    "+IPRZBbmYhIuYiz0s8aVya8f3jx//20Cgz4KQbZcp/M92UtUy8UsWYcAOSB6aNG1EBGCPEXdsFLc5g5U7C7BFXhSm32okwLPEwu9"
    "Xh/ugQ4UDIWiccobFMtqCY3Jz5uVspFP715+HJmSq0y8P56rrNE5u00XBLUKadkJ0o5EOJAFGkNhyScrxYW9wK0Al2gJjEMIi8ft"
    "xSH9KBgKhyORWCKVLVC6NkhDzCaDgk01O/713ZsvYzNyjYVHR62sNzH1bXY2pVEdwytSLkmkgM/jgoMRYXIwhlg5MV5u7hDcVoX4"
    "2S2GSJuDoPIH/BQR80GCdOEsqQlriB/mxGoxnw67GY188vuH918n5pe0VmcoVag2WnS675CtSLtFp3VSVkkPhrehf1yUNg4rcBME"
    "94D6WXQKbh8moGg4HIJSAiLaOJk+qdih26iNJmizXi3lMxGvQ7skG/38aWRCvqK3ucOpYrVBUMmCjG6CNjdJpGuYZNPJRBT6xyd6"
    "AE703THu4SHyF/WKd/si8VQyHsPUCsh0JicpnRomZ2IrZc3GWqVUzMZEh04xO/H966hscVVv94QJnaW9HMpud0eCbpOVTKVIN1/h"
    "ELwIikIKWDlvz8/gc0zkebcfkySUEHEtAYWZZNfXQFqCM4Q05EmErcA1rMxNjn0fn1WoDHZvJFMC7hZZzEl7wC7dBgG5ga5N8ipG"
    "lApiLdgtNrZnL8mjmJfnXH5ohhxaToZuCMp05wbAFjkA3eyArGSXlUMiofBNTY5PzC1rTWTqKcHP8HKXbsiktSPZkbToPXMkoeOJ"
    "WCTsE2xQjmKi0qK8apeiHo4lk3O2UIQKhF6R9prEucTONpgq8WWdNPa4jzepFmYwLc6t6MysN5KluF2MH9LmkSJvkzUJTec8TIGy"
    "TET8AvII9lbbuzR/SzE35+DFMERcGVq7WCQurtNt6iY9iN2WhEuUYtzHYWycn5HJ5lU60nyzZQw9HeJluvMjexKKTICRUkWId/gx"
    "GfHzGGNYX5LgHhE+x9wsw7rDySxpokRv95wsGUpQt+iWB5kEQsf9nEmjkM/NTs+r9Dae4NYbVIr31qx020hw4WnkcoXo90I2FfGy"
    "VpOF86dq7b2DoyPgxj0Om90ZiKMYkqqEI1GY4G4dpwdJDhKwXDzAmTVkOJ9ZxCDPS2Wy3aFLqp9bTgkYVCQ7sDpJqRQ6t9mIMpOp"
    "b+4dHh3ubVbiXocNIwRtZyDwOk6DbNsIapeebbpLazaRlDlir251aXF2bkFltAuwF2WyTeb4vZ8bTsotaRGGB6J0kuu6GKPR5gxn"
    "1jr7h0dHe51qSmShbD0RqAZS4Jskc1o/14tkFY7ToW6robX7OIsRfXl+flFF9g+Sn3u4vT0nWftRTrdb0rKxlI35eIvRxLgjucbW"
    "wdGPo72tetqP0ZURMBUDt9miBb79F+zOscEIcK2UgaSwGtUrCrl8CX5Ga8ZM+xcu2fvtH/S2unR7TnhRK6LMsSaDhYWs29g++PHj"
    "x/72ejbkclhtrDeKxtKgBZ6yibwW6AFv04xE9asV03R01KwqMCtLfk4Xa5RXdIl+2Fts7x2bTN1ULaSDLrvJhGsmyq3uIXAPuo18"
    "xEtmJlcgVV6je2OSN//8OqLb3enhVikuY9KsLiswohvwoEgKuK0tkkbEzb0lq4Qr+boJ3ISPx7zJYTxCGh39+PPHwU6zGPc7WYbh"
    "PLECniDl69Yx7u7P2gd6rlWK6bAH0k2rWlEur6gNjFMkfWG92dkmNYMuiP4fMgFurleyEQx0mI7ESLa2SXD/PNxplolKZBmHEEhX"
    "G8027Szd4/cRvXcOdDsM3EJKwlUrV1eUsBf1JpkH7uY2GeL3/wI+dvUWuW4pGXAyDOv0BmP5tU4Pt1VNRwNeJ2tnofXwhE4Pdbf3"
    "RkIymBS+Zr2SS4SAa9GrV1dXVWS7JIYSoAXBpbw66O3vD3rA3S1MfrVCDKQArD8cJ7g0vjutSiaGARPzOB/MVjekhnb8FoTm5F6v"
    "7qER5uJBN2e3GNRq9apap7cKYpCuHom9+8cvL3rvDaTqQSfOkJNhBWi1UDxXaxOZc7C7vVHGTB0kGwi7mCg1NqWG9vN1zz6NlYRb"
    "L2XjQRdvtxq0GvWqRme0Cd4QcMmydUdaPPbW98cvisi+tQEFxzJo8dAy4XR5g+xVdrvtWi5Odk0iZ7E6w2RY6+78fAdy7LFdGiiS"
    "hzG/G7gYCTSwF7ieYIwk0jHuUW+VTl+bHNDVZ3stH0Z0nWQ94vVHiUtRDsiaIeSDpPILVrPDn67QvdYx6DE3KW5rvVZIR31unrGa"
    "9DqdSqM3w94AqXPrLbr+I7h/4vy1yd/f3QZ//JwVaRoQ3S53IF6ooRyCa+mw6PYGgn6nzcy4Y4V1sp/ueUx67UENxg1B5zwGEeBa"
    "zHq9XqXVWxjeS0U9IfQuXeQD93/JofDA3ek0imgAwIWshUrGFJdHwyOJ4SUy1udDv7AJwUy1uUXefhwde0wyeIeGt5JLhkUnqqrV"
    "ZDBotXozkt4XxpBKA0xfXRDcf+BQbLSd7VYtG/E4GIfL6xXsENBuzFO5XCYe8nJWKyN4vB785PyJwlq7S27+459xMa92WqjO2UQQ"
    "Q4WdsZmNBoPBaLKxEMCY9mukE9LrSvYe4x7sdjYqkL6cg3V6XA6z3mCyu3yhaDTsh5lajd7m9GIsQzslcYfBJMV+/Nl77UF2xaRq"
    "VIuZeICUGIx7QNUbzVYHqQXpQpUEmDqawP6jZ/CPo4OdzQYCCY8C18noVCqthXV5RYhLB7r4stLIud1kleSLpEvrmzBYIgihCHBB"
    "e5K9VYx7AY/AUnvN/wegKof7"
)


@functools.cache
def eye_template() -> np.ndarray:
    """The template as float32 (rows × columns = 65 × 120), paper ≈ 255."""
    pixels = np.frombuffer(zlib.decompress(base64.b64decode("".join(_TEMPLATE_B64))), dtype=np.uint8)
    return pixels.reshape(TEMPLATE_SHAPE).astype(np.float32)


def build_template(sketch_paths: list) -> np.ndarray:
    """Mean of framed sketches (200×250), cropped to :data:`TEMPLATE_BOX`, as uint8."""
    from s2c_desktop.engine.loading import load_sketch

    frames = [load_sketch(path).pixels.astype(np.float64) for path in sketch_paths]
    mean = np.mean([frame for frame in frames if frame.shape == (250, 200)], axis=0)
    x0, y0, x1, y1 = TEMPLATE_BOX
    return np.clip(np.rint(mean[y0:y1, x0:x1]), 0, 255).astype(np.uint8)


def cufs_sketches() -> list:
    from s2c_desktop.paths import datasets_dir

    faces = datasets_dir() / "faces"
    return [
        path
        for name in ("cufs_ar", "cufs_cuhk", "cufs_xm2vts")
        for path in sorted((faces / name / "sketches").iterdir())
    ]


def main() -> None:
    import textwrap

    encoded = base64.b64encode(zlib.compress(build_template(cufs_sketches()).tobytes(), 9)).decode()
    print("_TEMPLATE_B64 = (")
    for line in textwrap.wrap(encoded, 100):
        print(f'    "{line}"')
    print(")")


if __name__ == "__main__":
    main()
