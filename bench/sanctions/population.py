"""A synthetic population of common Mexican and U.S. names and company names, for negatives.

Lists are in rough order of frequency (most common first; RENAPO/INEGI and U.S. Census/SSA
rankings as commonly published); the generator draws with Zipf-like weights, so García and
José come up often and rarer names now and then, as in a real customer file.
"""

from __future__ import annotations

import random


def _split(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.replace("\n", " " if sep else "\n").split(sep) if w.strip()]


MX_MALE = _split("""
José Juan Luis Carlos Jesús Miguel Francisco Jorge Antonio Alejandro Pedro Manuel Ricardo
Fernando Roberto Javier Eduardo Daniel Rafael Arturo Sergio Alberto Raúl Martín Héctor Enrique
Víctor Mario Óscar Ramón Gerardo Guillermo Andrés Salvador Ángel Alfredo Armando Ignacio
Gabriel Rubén Pablo Gustavo Diego Alfonso Ernesto Jaime Hugo Julio Marco Adrián Felipe Rodolfo
Israel Iván Omar Santiago Leonardo Emilio Mateo Sebastián Joaquín Agustín Rogelio Ismael Abel
Lorenzo Gonzalo Humberto Octavio Marcos Saúl Tomás Benjamín Cristian Edgar Gilberto Efraín
Moisés Ulises Alán Erick Kevin Brandon Axel Emiliano Leonel Jonathan Noé Baltazar Isidro
Cirilo Fidel Rigoberto Porfirio Eusebio Bernardo Valentín
""")

MX_FEMALE = _split("""
María Guadalupe Juana Margarita Verónica Leticia Rosa Elizabeth Patricia Gabriela Alejandra
Laura Adriana Martha Silvia Claudia Ana Teresa Yolanda Araceli Sandra Norma Alicia Gloria
Lucía Beatriz Elena Isabel Carmen Josefina Mónica Angélica Rocío Sofía Fernanda Daniela Andrea
Valeria Ximena Camila Regina Mariana Paola Karla Diana Lorena Irma Susana Ofelia Esperanza
Dolores Concepción Socorro Rosario Consuelo Graciela Mercedes Cecilia Natalia Renata Jimena
Lizbeth Brenda Estela Luz Elvira Catalina Isabella Valentina Victoria Antonia Francisca
Soledad Refugio Marisol Maricela Yesenia Nancy Erika Blanca Cristina
""")

MX_COMPOUND = """José Luis|Juan Carlos|José Antonio|Juan Manuel|Miguel Ángel|José Manuel|Luis
Alberto|Jorge Luis|Juan José|Luis Fernando|José Alfredo|Carlos Alberto|José Guadalupe|María
Guadalupe|María del Carmen|María Elena|Ana María|María de los Ángeles|María Fernanda|María
José|Rosa María|María Isabel|María Teresa|María de Jesús|Juan Pablo|José de Jesús|María
Luisa|Luz María|José Ángel|Jesús Alberto""".replace("\n", " ").split("|")

MX_SURNAMES = """Hernández García Martínez López González Pérez Rodríguez Sánchez Ramírez Cruz
Flores Gómez Morales Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz
Moreno Castillo Romero Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina
Castro Vargas Guzmán Velázquez Muñoz Rojas Contreras Salazar Luna Ortega Santiago Guerrero
Bautista Estrada Cortés Núñez Soto Ríos Delgado Mejía Vega Sandoval Cervantes Navarro
Espinoza Campos Fuentes Cabrera Carrillo Valdez León Ávila Márquez Montes Ibarra Rosales
Padilla Robles Molina Acosta Figueroa Lara Solís Pacheco Valencia Zamora Trejo Rangel Velasco
Villegas Camacho Salas Cárdenas Ponce Orozco Galván Maldonado Escobar Olvera Arellano Beltrán
Zúñiga Tapia Barrera Meza Carmona Miranda Rosas Villa Palacios Aguirre Benítez Osorio Cano
Sosa Peña Vera Serrano Quintero Nava Cisneros Bravo Gallegos Arias Lozano Duarte Esquivel
Coronado Trujillo Montoya Arroyo Mora Becerra Galindo Lugo Hidalgo Ochoa Pineda Quiroz Leal
Macías Bernal Alvarado Suárez Ayala Calderón Mata Zavala Salinas Ventura Villalobos Uribe
Franco Barajas Ornelas Tovar Sierra Marín Garza Treviño Cantú Elizondo Villarreal Tamez
de la Cruz|de León|del Ángel|de la Rosa|de la Torre|de los Santos""".replace("\n", " ")

US_FIRST = _split("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard
Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty
Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily Paul Donna Joshua
Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald
Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Dorothy Jacob Amy Gary Kathleen
Nicholas Angela Eric Shirley Jonathan Emma Stephen Brenda Larry Pamela Justin Nicole Scott
Anna Brandon Samantha Benjamin Katherine Samuel Christine Gregory Debra Alexander Rachel
Patrick Carolyn Frank Janet Raymond Maria Jack Olivia Dennis Heather Jerry Helen Tyler
Catherine Aaron Diane Henry Julie Douglas Victoria Peter Joyce Adam Lauren Nathan Kelly
Zachary Christina Walter Ruth Kyle Joan Harold Virginia Carl Judith Jeremy Evelyn Keith Hannah
Roger Andrea Gerald Megan Ethan Cheryl Arthur Jacqueline Terry Madison Christian Teresa Sean
Abigail Lawrence Sophia Austin Martha Joe Sara Noah Gloria Jesse Janice Albert Kathryn Bryan
Ann Billy Isabella Bruce Judy Willie Charlotte Jordan Julia Dylan Grace Alan Amber Ralph Alice
Gabriel Jean Roy Denise Juan Frances Wayne Danielle Eugene Marilyn Logan Natalie Randy Beverly
Louis Diana Russell Brittany Vincent Theresa Philip Kayla Bobby Alexis Johnny Doris Bradley
Lori Tiffany
""")

US_LAST = _split("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips
Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson
Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera
Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez
McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns
Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt
Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice
Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn
Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott
Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry
Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval
""")

MX_COMPANY_HEAD = """Comercializadora|Distribuidora|Servicios|Transportes|Constructora|Inmobiliaria|
Grupo|Abarrotes|Farmacia|Materiales|Autotransportes|Importadora|Exportadora|Agrícola|
Productos|Consultoría|Desarrollos|Logística|Alimentos|Refaccionaria|Ferretería|Textiles|
Industrias|Corporativo|Soluciones|Tecnología|Agropecuaria|Maquiladora|Empacadora|Hotelera""".replace(
    "\n", ""
).split("|")
MX_COMPANY_MID = """del Norte|del Bajío|del Pacífico|del Golfo|del Centro|Integrales|Hermanos
{s}|{s} e Hijos|Industriales|Mexicana|Nacional|Regional|de Occidente|del Sureste|Monterrey|
Jalisco|Sonora|Sinaloa|Chihuahua|Tijuana|Querétaro|Puebla|Veracruz|Guadalajara|Azteca|Maya|
Internacional|Moderna|La Esperanza|San José|Santa Fe|El Sol|Los Pinos|Las Palmas|{s}""".replace(
    "\n", " "
).split("|")
MX_FORMS = [
    "S.A. de C.V.",
    "S. de R.L. de C.V.",
    "SA de CV",
    "S.A.P.I. de C.V.",
    "S.C.",
    "S.A.",
    "",
    "S.A.B. de C.V.",
]
US_COMPANY_HEAD = """{s}|{s} & {s2}|{s} Brothers|{s} Family|Lone Star|Gulf Coast|Pacific|
Desert|Southwest|Rio Grande|Border|Eagle|Sunbelt|Red River|Great Plains|Golden State""".replace(
    "\n", ""
).split("|")
US_COMPANY_TAIL = """Logistics|Trucking|Holdings|Consulting|Construction|Produce|Farms|Imports|
Freight|Auto Parts|Supply|Manufacturing|Realty|Services|Distributors|Foods|Energy|Steel""".replace(
    "\n", ""
).split("|")
US_FORMS = ["LLC", "Inc.", "Corp.", "Co.", "L.P.", ""]


def _zipf(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def _mx_surnames() -> list[str]:
    head, _, tail = MX_SURNAMES.partition("de la Cruz")
    return head.split() + ("de la Cruz" + tail).split("|")


def mexican_person(rng: random.Random) -> str:
    female = rng.random() < 0.5
    if rng.random() < 0.25:
        given = _zipf(rng, MX_COMPOUND)
    else:
        given = _zipf(rng, MX_FEMALE if female else MX_MALE)
        if rng.random() < 0.2:
            given += " " + _zipf(rng, MX_FEMALE if female else MX_MALE)
    surnames = _mx_surnames()
    first = _zipf(rng, surnames, 0.7)
    if rng.random() < 0.85:
        return f"{given} {first} {_zipf(rng, surnames, 0.7)}"
    return f"{given} {first}"


def us_person(rng: random.Random) -> str:
    first = _zipf(rng, US_FIRST, 0.6)
    last = _zipf(rng, US_LAST, 0.6)
    r = rng.random()
    if r < 0.3:
        return f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    if r < 0.4:
        return f"{first} {_zipf(rng, US_FIRST, 0.6)} {last}"
    return f"{first} {last}"


def company(rng: random.Random) -> str:
    if rng.random() < 0.6:
        s = _zipf(rng, _mx_surnames(), 0.7)
        mid = rng.choice(MX_COMPANY_MID).strip().format(s=s)
        return f"{rng.choice(MX_COMPANY_HEAD).strip()} {mid} {rng.choice(MX_FORMS)}".strip()
    head = (
        rng.choice(US_COMPANY_HEAD)
        .strip()
        .format(s=_zipf(rng, US_LAST, 0.6), s2=_zipf(rng, US_LAST, 0.6))
    )
    return f"{head} {rng.choice(US_COMPANY_TAIL).strip()} {rng.choice(US_FORMS)}".strip()


def negative_name(rng: random.Random) -> tuple[str, str]:
    """(name, kind) drawn from the population: 55% Mexican, 30% U.S. people, 15% companies."""
    r = rng.random()
    if r < 0.55:
        return mexican_person(rng), "mx_person"
    if r < 0.85:
        return us_person(rng), "us_person"
    return company(rng), "company"
