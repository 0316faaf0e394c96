"""FastAPI peer of the items API, for bench/run.sh only (not a product).

Written the way the seed document recommends: `async def` endpoints, an asyncpg pool opened at
startup, Pydantic request/response models (`response_model`), uvicorn with uvloop + httptools.
Same table, same JSON shape and the same keyset pagination (created_at DESC, id DESC) as the
Java service, for the three operations the benchmark compares:

    GET  /items/{item_id}
    GET  /items?limit=20&status=active[&cursor=...]
    POST /items

Run (Debian packages python3-fastapi python3-uvicorn python3-asyncpg; use /usr/bin/python3):
    PEER_DSN=postgresql://postgres@127.0.0.1:5432/bench \
    /usr/bin/python3 -m uvicorn app:app --app-dir bench/fastapi_peer --workers 5 --port 8000
"""

import base64
import os
import uuid
from datetime import datetime, timezone
from decimal import Decimal
from typing import List, Literal, Optional

import asyncpg
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, Field

DSN = os.environ.get("PEER_DSN", "postgresql://postgres@127.0.0.1:5432/bench")
POOL_SIZE = int(os.environ.get("PEER_POOL_SIZE", "10"))

Status = Literal["draft", "active", "archived"]
FRACTION_DIGITS = {"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3}


class ItemCreate(BaseModel):
    name: str = Field(..., min_length=1, max_length=200)
    description: Optional[str] = Field(None, max_length=5000)
    price: str = Field(..., regex=r"^(0|[1-9][0-9]{0,11})(\.[0-9]{1,4})?$")
    currency: str = Field(..., regex=r"^[A-Z]{3}$")
    status: Status = "active"

    class Config:
        extra = "forbid"


class Item(BaseModel):
    id: uuid.UUID
    owner_id: Optional[str]
    name: str
    description: Optional[str]
    price: str
    currency: str
    status: Status
    tags: List[str]
    created_at: datetime
    updated_at: datetime
    version: int


class ItemPage(BaseModel):
    data: List[Item]
    has_more: bool
    next_cursor: Optional[str]


COLUMNS = "id, name, description, price, currency, status, created_at, updated_at, version"
# What an item answer carries: the same fields as the API's Item (owner_id and tags included).
RESULT_COLUMNS = "id, owner_id, name, description, price, currency, status, tags, created_at, updated_at, version"
app = FastAPI(title="marketplace FastAPI peer (benchmark only)")
pool: Optional[asyncpg.Pool] = None


@app.on_event("startup")
async def open_pool() -> None:
    global pool
    pool = await asyncpg.create_pool(DSN, min_size=POOL_SIZE, max_size=POOL_SIZE)


@app.on_event("shutdown")
async def close_pool() -> None:
    if pool is not None:
        await pool.close()


def format_price(amount: Decimal, currency: str) -> str:
    digits = FRACTION_DIGITS.get(currency, 2)
    return str(amount.quantize(Decimal(1).scaleb(-digits)))


def to_item(row: asyncpg.Record) -> Item:
    return Item(
        id=row["id"], owner_id=row["owner_id"], name=row["name"], description=row["description"],
        price=format_price(row["price"], row["currency"].strip()), currency=row["currency"].strip(),
        status=row["status"], tags=list(row["tags"]), created_at=row["created_at"], updated_at=row["updated_at"],
        version=row["version"],
    )


def encode_cursor(created_at: datetime, item_id: uuid.UUID) -> str:
    raw = f"{created_at.isoformat()}\n{item_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        ts, item_id = raw.split("\n")
        return datetime.fromisoformat(ts), uuid.UUID(item_id)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(status_code=400, detail="invalid cursor")


@app.get("/items/{item_id}", response_model=Item)
async def get_item(item_id: uuid.UUID) -> Item:
    async with pool.acquire() as conn:
        row = await conn.fetchrow(f"SELECT {RESULT_COLUMNS} FROM items WHERE id = $1", item_id)
    if row is None:
        raise HTTPException(status_code=404, detail="item not found")
    return to_item(row)


@app.get("/items", response_model=ItemPage)
async def list_items(
    limit: int = Query(20, ge=1, le=100),
    status: Optional[Status] = None,
    cursor: Optional[str] = Query(None, max_length=512),
) -> ItemPage:
    # One static SQL text per filter combination, so each stays a well-planned prepared statement.
    where, args = [], []
    if status is not None:
        args.append(status)
        where.append(f"status = ${len(args)}")
    if cursor is not None:
        created_at, item_id = decode_cursor(cursor)
        args += [created_at, item_id]
        where.append(f"(created_at, id) < (${len(args) - 1}, ${len(args)})")
    args.append(limit + 1)
    sql = (f"SELECT {RESULT_COLUMNS} FROM items" + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY created_at DESC, id DESC LIMIT ${len(args)}")
    async with pool.acquire() as conn:
        rows = await conn.fetch(sql, *args)
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(rows[-1]["created_at"], rows[-1]["id"]) if has_more else None
    return ItemPage(data=[to_item(r) for r in rows], has_more=has_more, next_cursor=next_cursor)


@app.post("/items", response_model=Item, status_code=201)
async def create_item(body: ItemCreate) -> Item:
    price = Decimal(body.price)
    if -price.as_tuple().exponent > FRACTION_DIGITS.get(body.currency, 2):
        raise HTTPException(status_code=400, detail="too many fraction digits for the currency")
    now = datetime.now(timezone.utc)
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            f"INSERT INTO items ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 0) RETURNING {RESULT_COLUMNS}",
            uuid.uuid4(), body.name, body.description, price, body.currency, body.status, now)
    return to_item(row)
