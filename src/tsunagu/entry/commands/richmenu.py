"""`tsunagu richmenu`: draw a channel's rich menu, write its JSON and preview, and optionally deploy it to LINE."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tsunagu.catalog import languages
from tsunagu.domain.errors import RichMenuDeployError
from tsunagu.domain.richmenu import build_menu
from tsunagu.entry.commands import Subcommands
from tsunagu.settings import Settings


def register(sub: Subcommands) -> None:
    """Add `richmenu` to the command line."""
    p = sub.add_parser("richmenu",
                       help="draw a channel's LINE rich menu (image, JSON, phone preview); --deploy sets it")
    p.add_argument("--channel", required=True, help="channel id, e.g. kita-women")
    p.add_argument("--out", type=Path, default=None, help="folder to write to (default: build/richmenu/<channel>/)")
    p.add_argument("--language", choices=languages("richmenu"), default="ja", help="label language (default: ja)")
    p.add_argument("--deploy", action="store_true",
                   help="create the menu through the LINE API, upload the image and make it the default")
    p.add_argument("--programs", type=Path, default=None, help="folder of programme files (default: programs/)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the menu, write richmenu.json, the image and preview.png, then deploy when asked."""
    from tsunagu.makers.richmenu import encode, render_menu, render_preview

    programs = args.wiring.programs()
    channel = programs.channel(args.channel)
    menu = build_menu(channel, args.language)
    image = render_menu(menu)
    data, mime = encode(image)
    out: Path = args.out or Path("build/richmenu") / channel.id
    out.mkdir(parents=True, exist_ok=True)
    image_path = out / ("richmenu.png" if mime == "image/png" else "richmenu.jpg")
    for stale in (out / "richmenu.png", out / "richmenu.jpg"):
        stale.unlink(missing_ok=True)
    image_path.write_bytes(data)
    body = menu.to_json()
    (out / "richmenu.json").write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    render_preview(menu, image, channel).save(out / "preview.png", optimize=True)
    print(f"{out}: richmenu.json, {image_path.name} ({len(data) // 1024} KB, {menu.width}x{menu.height}), "
          f"preview.png; {len(menu.areas)} tap areas: {', '.join(a.key for a in menu.areas)}")
    if args.deploy:
        from tsunagu.adapters.line.token import ChannelTokens

        print(f"note: this replaces {channel.id}'s default rich menu; if the counselling console manages the "
              "menu too, agree with the contractor which one the channel keeps")
        token = ChannelTokens(args.wiring.secrets(), args.wiring.settings.line_api).token(channel.id)
        menu_id = deploy(args.wiring.settings, token, channel.id, body, data, mime)
        print(f"deployed {channel.id}: rich menu {menu_id} created, image uploaded, set as the default")
    return 0


def deploy(settings: Settings, token: str, channel_id: str, body: dict, image: bytes, mime: str) -> str:
    """Create the rich menu, upload its image and make it every friend's default; returns the menu id."""
    from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, MessagingApiBlob, RichMenuRequest
    from linebot.v3.messaging.exceptions import ApiException
    from urllib3.exceptions import HTTPError

    host, data_host = settings.line_api.rstrip("/"), settings.line_data_api.rstrip("/")
    step = "validate"
    try:
        with ApiClient(Configuration(host=host, access_token=token)) as client, \
                ApiClient(Configuration(host=data_host, access_token=token)) as data_client:
            api, blob = MessagingApi(client), MessagingApiBlob(data_client)
            request = RichMenuRequest.from_dict(body)
            api.validate_rich_menu_object(request)
            step = "create"
            menu_id = api.create_rich_menu(request).rich_menu_id
            step = "upload the image of"
            blob.set_rich_menu_image(menu_id, image, _headers={"Content-Type": mime})
            step = "set as default"
            api.set_default_rich_menu(menu_id)
    except ApiException as exc:
        raise RichMenuDeployError(f"LINE API refused to {step} the rich menu of {channel_id}: "
                                  f"HTTP {exc.status} {(exc.body or exc.reason or '').strip()}") from None
    except HTTPError as exc:
        raise RichMenuDeployError(f"cannot reach the LINE API at {host} ({exc.__class__.__name__}); "
                                  "check TSUNAGU_LINE_API, TSUNAGU_LINE_DATA_API and the network") from None
    return menu_id
