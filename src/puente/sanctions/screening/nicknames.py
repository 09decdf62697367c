"""Given names that stand for each other: the nicknames Mexicans use (Chuy for Jesús, Pancho
for Francisco, Lupe for Guadalupe...), common abbreviations (Ma. for María, Fco. for
Francisco) and the spellings of the same name across languages and transliterations
(José/Joseph, Mohammed/Muhammad).

Each line is "FORMAL NAME: nickname, nickname, ...". A nickname may stand for several formal
names (Beto is Alberto or Roberto); a formal name matches its own nicknames and variants,
never another formal name through a shared nickname.
"""

from __future__ import annotations

from functools import lru_cache

from puente.sanctions.screening.normalize import fold

_TABLE = """
JESUS: Chuy, Chucho, Chus, Jesusito, Chuyito, Chuchín
FRANCISCO: Pancho, Paco, Paquito, Panchito, Fco, Frank, Francis, Kiko, Curro, Chico
GUADALUPE: Lupe, Lupita, Pita, Guada
JOSE: Pepe, Pepito, Chepe, Che, Joseph, Josef, Jose
JOSE MARIA: Chema, Chemita
JOSE LUIS: Pepe Luis, Joselo, Chelís
JOSE ANTONIO: Josean, Toño
JOSE MANUEL: Chema, Josema
MARIA JOSE: Majo
MARIA FERNANDA: Mafer
MARIA: Ma, Mari, Mary, Marie, Maria
IGNACIO: Nacho, Nachito, Iñaki, Ignatius
GUILLERMO: Memo, Guille, Memito, William, Willy, Billy, Bill, Will
ALBERTO: Beto, Betito, Tito, Albert, Al
ROBERTO: Beto, Robert, Bob, Bobby, Rob, Tito
HUMBERTO: Beto, Humbert
HERIBERTO: Beto, Heri
NORBERTO: Beto
EDUARDO: Lalo, Edward, Eddie, Ed, Eduard, Edu
ANTONIO: Toño, Tony, Toni, Anthony, Antón, Tonio
ENRIQUE: Quique, Kike, Henry, Enrico, Henri, Heinrich
CONCEPCION: Concha, Conchita, Chona, Conchis
LORENZO: Lencho, Lorenz, Lawrence, Larry, Chencho
ALFONSO: Poncho, Ponchito, Alphonse
GONZALO: Chalo, Chalito
RAFAEL: Rafa, Rafita, Raphael, Fallo
MANUEL: Manolo, Meño, Manny, Manu, Emanuel, Emmanuel
RAMON: Moncho, Monchi, Raymond, Ray
RODOLFO: Rudy, Fito, Rudolph, Rodo
ADOLFO: Fito, Adolph
ROGELIO: Roger, Cheli
SALVADOR: Chava, Chavo, Chavita, Salva
ROSARIO: Chayo, Charo, Chayito
ISABEL: Chabela, Chabelita, Isa, Elizabeth, Isabella, Isabelle
SOLEDAD: Chole, Sole, Solé
REFUGIO: Cuca, Cuco, Cuquita, Cuquis
SOCORRO: Coco, Soco, Socorrito
DOLORES: Lola, Lolita, Loles
MERCEDES: Meche, Mecha, Merche
GRACIELA: Chela, Gracie, Grace
ALICIA: Licha, Lichita, Alice
ROSA: Chayo, Rosy, Rose, Rosita
CONSUELO: Chelo, Consuelito
ASUNCION: Chona, Choni
ANUNCIACION: Chona
MARGARITA: Mago, Magos, Marga, Margaret, Maggie, Rita, Margo
MARTHA: Martita, Marta
TERESA: Tere, Teresita, Teresa, Theresa
ELENA: Nena, Helena, Helen, Ellen
CARLOS: Charly, Carlitos, Charlie, Charles, Karl, Carl, Chale
ALEJANDRO: Alex, Ale, Jando, Alejo, Alexander, Alessandro, Sandro
ALEJANDRA: Ale, Alex, Jandra, Alexandra
FERNANDO: Fer, Nando, Ferdinand
ARMANDO: Mando, Armand
ARTURO: Arturito, Art, Arthur, Tutu
DANIEL: Dani, Danny, Dan
DAVID: Davo, Dave, Davey
MIGUEL: Mike, Michael, Miguelito, Mickey, Micky, Mich
MIGUEL ANGEL: Miguelangel, Mike
ANGEL: Angelito, Gel
LUIS: Luisito, Louis, Lewis, Lucho, Wicho, Güicho, Luigi
JUAN: Juanito, John, Johnny, Jack, Giovanni, Jean, Johann, Jon
JUAN CARLOS: Juanca, Juanqui
JUAN MANUEL: Juanma
PEDRO: Perico, Pete, Peter, Pierre, Pietro, Piotr
PABLO: Pablito, Paul, Paolo
JAVIER: Javi, Xavier, Xavi, Havier
JOAQUIN: Joaco, Quino
JORGE: Coque, George, Georges, Jorgito, Yoyo
GERARDO: Jerry, Gerard, Gera, Lalo
GUSTAVO: Tavo, Gus, Gustav
OCTAVIO: Tavo, Tavito
RICARDO: Richard, Ricky, Rich, Rick, Richie, Riki
MAURICIO: Mau, Maurice
VICENTE: Chente, Vince, Vincent, Vicentico
CRISTOBAL: Cris, Christopher, Chris, Tobal
CRISTINA: Cris, Tina, Christina, Kristina
CATALINA: Cata, Cati, Kate, Catherine, Katherine, Caty
TOMAS: Tomasito, Tom, Thomas, Tommy
SANTIAGO: Santi, Chago, Tiago, Yago
ISIDRO: Chilo, Cidro
PORFIRIO: Pillo, Porfis
EUSEBIO: Chebo
ALFREDO: Fredo, Freddy, Alfred, Fred
FEDERICO: Fede, Kiko, Fred, Frederick
EMILIO: Milo, Emil
ESTEBAN: Steve, Stephen, Steven, Stefan
GABRIEL: Gabo, Gabi, Gabe
GABRIELA: Gaby, Gabi, Gabriella
GILBERTO: Gil, Beto, Gilbert
JAIME: Jimmy, James, Jim, Jaimito
JACINTO: Chinto
MARIANO: Nano, Mariano
MARCOS: Marco, Mark, Marcus
MATEO: Matt, Matthew, Mateus
NICOLAS: Nico, Nick, Nicholas, Nikolai
OSVALDO: Osva, Oswaldo
PATRICIA: Paty, Pati, Patty, Pat
PATRICIO: Pato, Patrick, Pat
REYNALDO: Rey, Nayo, Reinaldo, Reginald, Ronaldo
RAUL: Raulito, Ralph
SERGIO: Checo, Sergei, Serge
SEBASTIAN: Sebas, Chano, Bastian
SILVESTRE: Chivo, Silvestre
TEODORO: Teo, Lolo, Theodore, Ted, Teddy
VALENTIN: Vale, Tin, Valentine
VICTOR: Vic, Vitor
BERNARDO: Nayo, Bernard, Berni
BENJAMIN: Benja, Ben, Benny
DIEGO: Dieguito, Jimeno
EFRAIN: Efra, Ephraim
ELIAS: Eli, Elijah
EZEQUIEL: Cheque, Ezekiel, Cheke, Checo
FELIPE: Pipe, Feli, Philip, Phillip, Felipo
FILIBERTO: Beto, Fili
HECTOR: Tito, Hec
HILARIO: Layo
HORACIO: Lacho, Horace
JULIO: Julito, Jules, Julius
LEONARDO: Leo, Nardo, Leonard, Lenny
MAXIMILIANO: Max, Maxi
OSCAR: Oski, Oscarin
RODRIGO: Rodri, Roy, Rod
SAMUEL: Sam, Sammy, Samy
TRINIDAD: Trini, Trino
VERONICA: Vero, Ronnie
YOLANDA: Yola, Yoli
ANA: Anita, Ann, Anne, Anna, Hannah
ARACELI: Chely, Ara
BEATRIZ: Bety, Betty, Bea, Beatrice
CAROLINA: Caro, Carol, Caroline
CLAUDIA: Clau
CECILIA: Ceci, Chechi, Cecile
ELIZABETH: Eli, Liz, Lisa, Betty, Beth, Isabel, Elisabet
EVANGELINA: Vange, Eva
FRANCISCA: Paca, Pancha, Paquita, Frances, Fran
GUILLERMINA: Mina, Memi
JOSEFINA: Pepa, Chepina, Fina, Josephine
LETICIA: Lety, Leti
LUCIA: Lucy, Chía
LUZ: Lucha, Luchita, Lucy
MANUELA: Manola, Manu
MARIA DE JESUS: Chuy, Chuyita, Marichuy
MARIA DE LOS ANGELES: Marielos, Angeles
MARIA ELENA: Malena, Marilena
MARIA GUADALUPE: Lupe, Lupita, Maguis
MARIA LUISA: Marilu, Malu
MARIA TERESA: Maite, Maritere, Tere
MARIA DEL CARMEN: Mayca, Carmen, Maricarmen
MARIA DEL ROSARIO: Charo, Chayo, Mayo
MARIA DEL PILAR: Pili, Pilar
MARIA DEL SOCORRO: Coco, Soco
MARIA DE LOURDES: Lulú, Lou, Lourdes
MAGDALENA: Magda, Male, Malena, Madeleine
NATIVIDAD: Nati, Naty
PAULINA: Pau, Pauline
PILAR: Pili
RAQUEL: Raque, Rachel
SUSANA: Susy, Sue, Susan
VIRGINIA: Vicky, Gina
ABRAHAM: Abram, Abe, Ibrahim
ISMAEL: Isma, Ishmael
ISAAC: Isac, Ishaq
MOISES: Moy, Moses, Musa
MUHAMMAD: Mohammed, Mohamed, Mohammad, Mohamad, Muhammed, Mohamud, Muhamed, Mehmet, Mehmed, Mohd
AHMAD: Ahmed, Ahmet, Achmad, Akhmed
HUSSEIN: Husain, Hussain, Hosein, Hossein, Husayn, Huseyin, Houssein
HASSAN: Hasan, Hassen, Hasson
ALI: Aly, Aliyu
YUSUF: Yousef, Youssef, Yusef, Yousif, Yossef
ABDUL: Abdel, Abd, Abdal, Abdol, Abdoul, Abdulla
OMAR: Umar, Omer, Ömer
OSAMA: Usama, Oussama
KHALID: Khaled, Halid, Chalid
MUSTAFA: Mostafa, Moustafa, Mustapha
SULEIMAN: Sulayman, Suleyman, Soleiman, Solomon, Salomon
IBRAHIM: Ebrahim, Ibraheem, Abraham
YAHYA: Yahia, Yehia
ALEKSANDR: Alexander, Aleksander, Oleksandr, Sasha, Alejandro
SERGEY: Sergei, Serhiy, Sergio
VLADIMIR: Volodymyr, Wladimir, Volodya, Vova
DMITRY: Dmitri, Dmitriy, Dmytro, Dima
YURI: Yury, Iouri, Yuriy, Jurij, Yurii
MIKHAIL: Mikhael, Mykhailo, Michael, Misha, Miguel
NIKOLAY: Nikolai, Mykola, Nicolas, Kolya
"""


def _parse_table() -> tuple[dict[str, frozenset[str]], frozenset[str], dict[str, tuple[str, ...]]]:
    groups: dict[str, set[str]] = {}
    formal_names: set[str] = set()
    parts: dict[str, tuple[str, ...]] = {}
    for line in _TABLE.strip().splitlines():
        formal, _, rest = line.partition(":")
        key = fold(formal).replace(" ", "")
        formal_names.add(key)
        parts[key] = tuple(fold(formal).split())
        members = {key} | {fold(n).replace(" ", "") for n in rest.split(",") if n.strip()}
        for member in members:
            groups.setdefault(member, set()).add(key)
    return {k: frozenset(v) for k, v in groups.items()}, frozenset(formal_names), parts


_GROUPS, FORMAL_NAMES, _PARTS = _parse_table()
TABLE_NAMES = frozenset(t for t in _GROUPS if len(t) >= 4)
"""Every name of the table of four letters or more: known given names, whether or not the
list holds them (CRISTINA, CHRISTINA), so that one is never another name misspelled."""


def formal_words(formal: str) -> tuple[str, ...]:
    """The words of a formal name key: JOSEMARIA -> (JOSE, MARIA)."""
    return _PARTS.get(formal, (formal,))


@lru_cache(maxsize=100_000)
def name_groups(token: str) -> frozenset[str]:
    """The formal names a folded given-name token may stand for (itself if it is one).

    Multi-word formal names are keyed without spaces (JOSEMARIA); `same_given_name` and the
    comparer handle "Chema" against "Jose Maria" by joining the list's given names.
    """
    return _GROUPS.get(token, frozenset())


def same_given_name(a: str, b: str) -> bool:
    """True if the two folded tokens are the same given name through the table: a nickname
    and its formal name, two spellings of one name, or two nicknames of one formal name."""
    if a == b:
        return True
    ga, gb = name_groups(a), name_groups(b)
    if not ga or not gb:
        return False
    if a in FORMAL_NAMES and b in FORMAL_NAMES:
        # Two formal names are the same only if one is listed as a variant of the other.
        return (a in gb and b in _members(a)) or (b in ga and a in _members(b))
    return bool(ga & gb)


@lru_cache(maxsize=4096)
def _members(formal: str) -> frozenset[str]:
    return frozenset(t for t, g in _GROUPS.items() if formal in g)
